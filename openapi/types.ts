/**
 * Names for the generated types. Every shape here is indexed from `generated/types.ts`, which
 * `npm run generate` derives from the spec: nothing is declared twice.
 */
import type { components, operations, paths } from './generated/types.ts';

export type { components, operations, paths };

type Schemas = components['schemas'];
export type Contact = Schemas['Contact'];
export type ContactList = Schemas['ContactList'];
export type UpdatedContact = Schemas['UpdatedContact'];
export type ContactUpdate = Schemas['ContactUpdate'];
export type ContactCreate = Schemas['ContactCreate'];
export type ContactSort = Schemas['ContactSort'];
export type ChannelType = Schemas['ChannelType'];
export type TeamConversationUser = Schemas['TeamConversationUser'];
export type Conversation = Schemas['Conversation'];
export type EmbeddedContact = Schemas['EmbeddedContact'];
export type Message = Schemas['Message'];
export type Team = Schemas['Team'];
export type Notification = Schemas['Notification'];
export type NotificationList = Schemas['NotificationList'];
export type NotificationSelection = Schemas['NotificationSelection'];
export type Comment = Schemas['Comment'];
export type CommentList = Schemas['CommentList'];
export type FileMessage = Schemas['FileMessage'];
export type UploadResult = Schemas['UploadResult'];
export type Activity = Schemas['Activity'];
export type ApiError = Schemas['Error'];

export type OperationId = keyof operations;

/** The JSON body an operation answers with a given status. */
export type ResponseBody<
  Op extends OperationId,
  Status extends keyof operations[Op]['responses'],
> = operations[Op]['responses'][Status] extends { content: { 'application/json': infer Body } }
  ? Body
  : never;

/** The JSON body an operation takes. */
export type RequestBody<Op extends OperationId> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : operations[Op] extends { requestBody?: { content: { 'application/json': infer Body } } }
    ? Body
    : never;
