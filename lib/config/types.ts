/** The config as the admin API shows it. Browser-safe (no imports). */

/**
 * The effective config with secrets redacted (`********` when set, "" when not). The keys the
 * settings page edits are typed; the others pass through as they are.
 */
export interface ConfigShown {
  locale: string;
  server: {
    host: string;
    port: number;
    allowedHosts: string[];
    connectionsPerClient: number;
    https: boolean;
  };
  ollama: { hosts: string[]; parallel: number; firstTokenTimeoutSeconds: number };
  providers: { openai: { baseUrl: string; apiKey: string } };
  speech: { baseUrl: string; apiKey: string; sttModel: string; ttsModel: string; ttsVoice: string };
  models: { chat: string; embedding: string; contextSizes: Record<string, number> };
  [key: string]: unknown;
}

/** What `GET /api/admin/config` answers. */
export interface ConfigView {
  config: ConfigShown;
  /** Dotted keys set by environment variables, with the variable's name. */
  readOnly: Record<string, string>;
  /**
   * Dotted keys a command-line flag of this run overrides, with the flag as given
   * (`server.port` → `--port 8080`): the running server uses the flag; the setting still saves.
   */
  flags: Record<string, string>;
  /** Whether a config file exists yet (no file = first run). */
  exists: boolean;
}
