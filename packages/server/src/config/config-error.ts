// A setting that cannot be used, named by its environment variable so start-up says what to fix.

/** A setting that cannot be used; `setting` names the environment variable. */
export class ConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}
