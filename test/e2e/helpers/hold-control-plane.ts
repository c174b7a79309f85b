// Started by harness.test.ts as a separate process: starts a control plane, prints its state as one
// JSON line, then waits to be killed, so the test can check what a killed test run leaves behind.
import { startControlPlane } from '../../harness/index.ts';

const cp = await startControlPlane();
process.stdout.write(JSON.stringify(cp.state()) + '\n');
setInterval(() => {}, 1 << 30);
