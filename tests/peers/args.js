// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// Tiny --name value parser shared by the peer servers (no dependencies beyond the lock file's).
'use strict';
module.exports = function parseArgs(defaults) {
  const options = Object.assign({}, defaults);
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(name in options)) {
      console.error(`unknown option ${argv[i]}`);
      process.exit(2);
    }
    const value = argv[i + 1];
    options[name] = typeof defaults[name] === 'number' ? Number(value) : value;
  }
  return options;
};
