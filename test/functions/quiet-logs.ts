// Imported first by handler tests: the handlers' Powertools loggers are created at module load.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
