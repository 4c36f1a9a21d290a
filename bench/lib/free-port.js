/** Helpers shared by the benchmark scripts (bench/run.js, bench/sales-report.js). */
const net = require('node:net');

/** A free TCP port on `host`, asked of the kernel (listen on 0, read the port, close). */
function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

module.exports = { freePort };
