import pkg from '../package.json' with { type: 'json' };

/** The package's version, as `--version` and `/` show it. */
export const VERSION: string = pkg.version;

/** The mock's command (the package's one `bin`), as `--help`, errors and `/` name it. */
export const NAME: string = Object.keys(pkg.bin)[0]!;
