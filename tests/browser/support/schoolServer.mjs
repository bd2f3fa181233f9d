// A CouchDB-compatible school server for the tests: express-pouchdb over PouchDB's LevelDB adapter, on disk, so
// that a server killed mid-write and started again on the same folder holds what it had written, as CouchDB
// does. Plain Node, run as a child process so that a test can kill it outright.
//
//   node tests/browser/support/schoolServer.mjs PORT DIR [DELAY_MS]
//
// It listens on 127.0.0.1 only. Browsers reach it from the app's origin, so it answers CORS as a CouchDB with
// `[chttpd] enable_cors = true` and `[cors] origins = *, credentials = true` does. DELAY_MS holds each write of
// documents back that long, as a slow school network would, so that a test can cut a push half way.
import express from 'express';
import expressPouchdb from 'express-pouchdb';
import PouchDB from 'pouchdb';

const [portText, dir, delayText] = process.argv.slice(2);
const port = Number(portText);
const delayMs = Number(delayText ?? 0);
if (!Number.isInteger(port) || !dir) {
  console.error('usage: node schoolServer.mjs PORT DIR [DELAY_MS]');
  process.exit(2);
}

const app = express();
app.use((req, res, next) => {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, HEAD, DELETE');
    res.setHeader('Access-Control-Allow-Headers', 'accept, authorization, content-type, origin, referer');
  }
  if (req.method === 'OPTIONS') {
    res.sendStatus(204);
    return;
  }
  if (delayMs > 0 && req.method === 'POST' && req.path.endsWith('/_bulk_docs')) {
    setTimeout(next, delayMs);
    return;
  }
  next();
});
app.use(
  expressPouchdb(PouchDB.defaults({ prefix: `${dir}/` }), {
    mode: 'minimumForPouchDB',
    logPath: `${dir}/log.txt`,
  }),
);
app.listen(port, '127.0.0.1', () => console.log(`school server listening on ${port}`));
