// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// A plain WebSocket event server (the npm ws package) for the stream tests: numbered events 1..--events in
// JSON array messages, a resume ring for {"resume_from":N}, {"subscribe":[...]} filtering, and the ways real
// servers misbehave on demand: cutting every --cut-every events, resending an overlap after a resume,
// malformed and oversized messages, TLS with a given certificate, a required bearer token.
// Prints {"port":N} once listening.
'use strict';
const fs = require('fs');
const http = require('http');
const https = require('https');
const { WebSocketServer } = require('ws');
const parseArgs = require('./args');

const o = parseArgs({ port: 0, events: 1000, batch: 50, intervalMs: 1, cutEvery: 0, overlap: 0, malformedEvery: 0,
  oversizedBytes: 0, cert: '', key: '', token: '', types: 'open,click,signup' });
const types = o.types.split(',');

function event(seq) {
  const e = { seq, ts: 1700000000000 + seq, type: types[seq % types.length], campaign: 'ws' };
  if (seq % 7 === 0) {
    e.ip = '81.2.69.160';
  } else {
    e.lat = -33 + (seq % 90) / 10; e.lon = 151 - (seq % 70) / 10;
  }
  return e;
}

const server = o.cert ? https.createServer({ cert: fs.readFileSync(o.cert), key: fs.readFileSync(o.key) })
  : http.createServer();
const wss = new WebSocketServer({ noServer: true });
let connections = 0;

server.on('upgrade', (request, socket, head) => {
  if (o.token && request.headers.authorization !== `Bearer ${o.token}`) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws));
});

wss.on('connection', (ws) => {
  ++connections;
  let next = 1;
  let subscribed = null;
  let sentHere = 0;
  let messages = 0;
  let started = false;
  if (o.oversizedBytes > 0 && connections === 1) {
    ws.send('[' + ' '.repeat(o.oversizedBytes) + ']');
  }
  ws.on('message', (data) => {
    let m;
    try { m = JSON.parse(data.toString()); } catch (e) { return; }
    if (Array.isArray(m.subscribe)) subscribed = new Set(m.subscribe);
    if (typeof m.resume_from === 'number') next = Math.max(1, m.resume_from - o.overlap);
  });
  // The client speaks first (subscribe, resume_from); give it a moment before streaming.
  setTimeout(() => { started = true; }, 50);
  const timer = setInterval(() => {
    if (!started || ws.readyState !== ws.OPEN) return;
    const batch = [];
    while (batch.length < o.batch && next <= o.events) {
      const e = event(next++);
      if (!subscribed || subscribed.has(e.type)) batch.push(e);
    }
    if (batch.length === 0) return;
    ++messages;
    if (o.malformedEvery > 0 && messages % o.malformedEvery === 0) {
      ws.send('this is not json');
      ws.send('[{"lat":999,"lon":0,"type":"bad"}]');
    }
    ws.send(JSON.stringify(batch));
    sentHere += batch.length;
    if (o.cutEvery > 0 && sentHere >= o.cutEvery) {
      clearInterval(timer);
      ws.terminate(); // an abrupt cut, as when a proxy or the network drops the connection
    }
  }, o.intervalMs);
  ws.on('close', () => clearInterval(timer));
});

server.listen(o.port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
