/**
 * Every check, in the order they run: the read-only checks first, then the writes (each restoring
 * what it can), then the probes, whose findings are reported and never fail, and dismiss-all last. A check's function name
 * is its name in every report.
 */
import type { Check } from '../check.ts';
import { authRequired } from './authRequired.ts';
import { commentReadBack } from './commentReadBack.ts';
import { contactLifecycle } from './contactLifecycle.ts';
import { contentTypeConformance } from './contentTypeConformance.ts';
import { dismissAllEmpties } from './dismissAllEmpties.ts';
import { dismissRemoves } from './dismissRemoves.ts';
import { markReadEffect } from './markReadEffect.ts';
import { negativeDataRejection } from './negativeDataRejection.ts';
import { notFoundConformance } from './notFoundConformance.ts';
import { paginationConsistency } from './paginationConsistency.ts';
import { prefixAliases } from './prefixAliases.ts';
import { probeAlternativeForms } from './probeAlternativeForms.ts';
import { probeExtraOperations } from './probeExtraOperations.ts';
import { probeNotFoundStatus } from './probeNotFoundStatus.ts';
import { probeNotificationBodyForms } from './probeNotificationBodyForms.ts';
import { responseSchemaConformance } from './responseSchemaConformance.ts';
import { searchRelevance } from './searchRelevance.ts';
import { sortOrder } from './sortOrder.ts';
import { statusCodeConformance } from './statusCodeConformance.ts';
import { updateReadBack } from './updateReadBack.ts';
import { uploadAnswersUrl } from './uploadAnswersUrl.ts';

export const checks: readonly Check[] = Object.freeze([
  statusCodeConformance,
  contentTypeConformance,
  responseSchemaConformance,
  paginationConsistency,
  sortOrder,
  searchRelevance,
  authRequired,
  negativeDataRejection,
  notFoundConformance,
  prefixAliases,
  updateReadBack,
  contactLifecycle,
  commentReadBack,
  markReadEffect,
  dismissRemoves,
  uploadAnswersUrl,
  probeNotFoundStatus,
  probeAlternativeForms,
  probeExtraOperations,
  probeNotificationBodyForms,
  // Last: it dismisses every notification, which no check after it could then use.
  dismissAllEmpties,
]);

/** The probes: they report findings, never failures. */
export const probes: readonly Check[] = checks.filter((check) => check.name.startsWith('probe'));

export function checkNamed(name: string): Check {
  const check = checks.find((c) => c.name === name);
  if (!check) throw new Error(`no check named ${name}`);
  return check;
}
