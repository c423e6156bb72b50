/**
 * The desktop app's processes run without any secret in their environment. A passphrase set
 * for the CLI (VIGIL_PASSPHRASE and the others) would otherwise be handed by `npm start` to
 * Electron and by Electron to the engine, readable through /proc by the user's other programs.
 */
export const secretVariables = ['VIGIL_PASSPHRASE', 'VIGIL_NEW_PASSPHRASE', 'VIGIL_RECOVERY_CODE', 'VIGIL_BUNDLE_PASSPHRASE'] as const;

export function withoutSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!(secretVariables as readonly string[]).includes(name) && name !== 'ELECTRON_RUN_AS_NODE') kept[name] = value;
  }
  return kept;
}
