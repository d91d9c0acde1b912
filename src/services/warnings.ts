/** Starts the warning given when listener settings changed without a restart; callers may match on it. */
export const RESTART_WARNING = "changes take effect when the service restarts";
