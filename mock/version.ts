import pkg from '../package.json' with { type: 'json' };

/** The package's version, as `--version` and `/` show it. */
export const VERSION: string = pkg.version;
