// Types `exports` from "cloudflare:workers" in tests with the worker's own entry point.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../src/index');
  }
}
