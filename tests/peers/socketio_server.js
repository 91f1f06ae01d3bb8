// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// A Socket.IO v4 server (the npm socket.io package) that DynMap-style emits events to rooms, one room per
// event type: emit(type, {lat, lng, seq, ...}) with the type only in the event name. Clients join rooms with
// emit("subscribe", [types]) (all rooms until they do) and may emit("resume_from", seq).
// Prints {"port":N} once listening, then emits --events events after the first client joined.
'use strict';
const http = require('http');
const { Server } = require('socket.io');
const parseArgs = require('./args');

const o = parseArgs({ port: 0, events: 1000, namespace: '/', pingInterval: 300, pingTimeout: 2000, batch: 20,
  intervalMs: 2, types: 'open,click', token: '', startDelayMs: 300 });
const types = o.types.split(',');
const server = http.createServer();
const io = new Server(server, { pingInterval: o.pingInterval, pingTimeout: o.pingTimeout, transports: ['websocket'] });
const nsp = io.of(o.namespace);
const sent = [];
let started = false;

if (o.token) {
  nsp.use((socket, next) => (socket.handshake.auth && socket.handshake.auth.token === o.token
    ? next() : next(new Error('not authorized'))));
}

function event(seq) {
  const type = types[seq % types.length];
  const payload = { seq, lat: 48 + (seq % 100) / 1000, lng: 11 + (seq % 50) / 1000, campaign: 'sio', ts: 1700000000000 + seq };
  if (seq % 10 === 0) {
    delete payload.lat; delete payload.lng; payload.ip = '81.2.69.160';
  }
  return { type, payload };
}

function emitAll() {
  let seq = 1;
  const timer = setInterval(() => {
    for (let i = 0; i < o.batch && seq <= o.events; ++i, ++seq) {
      const { type, payload } = event(seq);
      sent.push({ type, payload });
      if (seq % 97 === 0) {
        // With an ack id: the client must answer 43<id>[] and still take the event.
        nsp.to(type).timeout(5000).emit(type, payload, () => {});
      } else {
        nsp.to(type).emit(type, payload);
      }
    }
    if (seq > o.events) {
      clearInterval(timer);
    }
  }, o.intervalMs);
}

nsp.on('connection', (socket) => {
  types.forEach((t) => socket.join(t));
  socket.on('subscribe', (wanted) => {
    types.forEach((t) => socket.leave(t));
    (Array.isArray(wanted) ? wanted : []).forEach((t) => socket.join(String(t)));
  });
  socket.on('resume_from', (from) => {
    // Replays what this server already sent, for the rooms the socket is in.
    sent.filter((e) => e.payload.seq >= from && socket.rooms.has(e.type)).forEach((e) => socket.emit(e.type, e.payload));
  });
  nsp.emit('viewers', nsp.sockets.size);
  socket.on('disconnect', () => nsp.emit('viewers', nsp.sockets.size));
  if (!started) {
    started = true;
    setTimeout(emitAll, o.startDelayMs);
  }
});

server.listen(o.port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
