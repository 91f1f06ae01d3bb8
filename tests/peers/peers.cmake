# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Included by tests/e2e/CMakeLists.txt. Real peers for the stream tests: node servers on the npm socket.io and ws
# packages, installed from the committed lock file into the build tree by a ctest fixture (npm ci). Tests that need
# them require the "peers" fixture and read $PULSEMAP_PEERS; without node or npm they skip with a message.
set(PULSEMAP_PEERS_DIR ${CMAKE_BINARY_DIR}/peers)
set(peers_source_dir ${PROJECT_SOURCE_DIR}/tests/peers)
foreach(file package.json package-lock.json args.js socketio_server.js ws_server.js)
    configure_file(${peers_source_dir}/${file} ${PULSEMAP_PEERS_DIR}/${file} COPYONLY)
endforeach()
find_program(NPM_EXECUTABLE npm)
if(NPM_EXECUTABLE)
    # A failed install (no registry) must not fail the suite: the tests that need the peers skip, saying why.
    add_test(NAME peers_npm_ci
             COMMAND sh -c "\"$0\" ci --prefix \"$1\" --no-audit --no-fund --loglevel=error || echo 'npm ci failed: the stream peer tests will skip'"
                     ${NPM_EXECUTABLE} ${PULSEMAP_PEERS_DIR})
    set_tests_properties(peers_npm_ci PROPERTIES FIXTURES_SETUP peers TIMEOUT 300)
endif()
