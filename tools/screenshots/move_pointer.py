#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 Pulsemap contributors
# Moves the X pointer to X Y on $DISPLAY (an Xvfb screen) through the XTEST extension, as a mouse would: the app
# under it gets the motion and shows its hover state (a tooltip) for a --screenshot. No xdotool needed, only
# libX11 and libXtst.
#   tools/screenshots/move_pointer.py X Y
import ctypes
import sys

x, y = int(sys.argv[1]), int(sys.argv[2])
xlib = ctypes.CDLL("libX11.so.6")
xtst = ctypes.CDLL("libXtst.so.6")
xlib.XOpenDisplay.restype = ctypes.c_void_p
xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
display = xlib.XOpenDisplay(None)
if not display:
    sys.exit("move_pointer: cannot open the display")
xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
xlib.XFlush.argtypes = [ctypes.c_void_p]
xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
# Two steps: a window notices a pointer that moves within it.
xtst.XTestFakeMotionEvent(display, -1, x - 5, y, 0)
xlib.XFlush(display)
xtst.XTestFakeMotionEvent(display, -1, x, y, 0)
xlib.XFlush(display)
xlib.XCloseDisplay(display)
