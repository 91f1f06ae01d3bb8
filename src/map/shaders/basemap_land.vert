#version 440
// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors

// Land: flat-colored triangles in world coordinates; qt_Matrix takes them to the screen.
layout(location = 0) in vec4 position;

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    vec4 color; // premultiplied
};

out gl_PerVertex { vec4 gl_Position; };

void main()
{
    gl_Position = qt_Matrix * position;
}
