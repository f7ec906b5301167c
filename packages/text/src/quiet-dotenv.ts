// `natural` loads dotenv on import, which prints to stdout; machine-readable CLI output must stay clean.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
