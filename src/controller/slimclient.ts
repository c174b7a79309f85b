// @kubernetes/client-node's KubeConfig module (dist/config.js) imports the library's generated
// index for two small helpers (createConfiguration, ServerConfiguration), and that index loads
// every generated API and model class: about 30 MiB of the controller's resident memory, for
// code the controller never runs (it talks raw JSON through kube.ts). This resolve hook hands
// config.js a module that re-exports just those two helpers from their own files, so KubeConfig
// (kubeconfig loading, in-cluster config, exec/OIDC/token-file auth, TLS) stays the library's.
// Anything else that imports the full index still gets it; the hook changes only config.js's view.
import module from 'node:module';

let registered = false;

/** The names config.js takes from './gen/index.js', and the generated files that define them. */
const SLIM_INDEX = `export { createConfiguration } from './configuration.js';\nexport { ServerConfiguration } from './servers.js';\n`;

/**
 * Must run before anything imports @kubernetes/client-node's config.js (an ES module graph is
 * resolved before it runs, so the importer must load the client dynamically afterwards).
 * Returns whether the hook is in place (module.registerHooks: Node >= 22.15).
 */
export function slimClientNode(): boolean {
  if (registered) return true;
  const register = (module as { registerHooks?: typeof module.registerHooks }).registerHooks;
  if (!register) return false;
  register({
    resolve(specifier, context, next) {
      if (specifier !== './gen/index.js' || !context.parentURL?.endsWith('/@kubernetes/client-node/dist/config.js')) {
        return next(specifier, context);
      }
      // A data: module cannot use relative imports: spell the generated files' URLs out.
      const source = SLIM_INDEX.replaceAll(/'\.\/([a-z]+\.js)'/g, (_, file: string) => JSON.stringify(new URL(`./gen/${file}`, context.parentURL).href));
      return { url: `data:text/javascript,${encodeURIComponent(source)}`, shortCircuit: true };
    },
  });
  registered = true;
  return true;
}
