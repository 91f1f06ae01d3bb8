#version 440
// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors

// Lines of a constant pixel width at any zoom. Each vertex is a point on the line, pushed sideways by its
// miter offset (in half widths; the camera scales uniformly, so the offset is the same at every zoom)
// times the half extent in pixels converted to world units. The quad extends half a feather beyond the
// visible half width, where the fragment shader's fade of the edge reaches zero: no wider, as a software
// rasterizer pays for every fragment.
layout(location = 0) in vec4 position;
layout(location = 1) in vec4 extrude; // xy: offset mapped from [-2, 2] to [0, 1]; z: side, 0 or 1

layout(location = 0) out float vAcross; // signed distance from the center line, in pixels

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    float worldPerPixel;
    float halfWidth; // visible half width, pixels
    float feather;   // width of the antialiased edge, pixels
    vec4 color;      // premultiplied
};

out gl_PerVertex { vec4 gl_Position; };

const float kMiterLimit = 2.0; // BasemapData::kMiterLimit

void main()
{
    float halfExtent = halfWidth + 0.5 * feather;
    vec2 offset = (extrude.xy * 2.0 - 1.0) * kMiterLimit;
    vAcross = (extrude.z * 2.0 - 1.0) * halfExtent;
    gl_Position = qt_Matrix * vec4(position.xy + offset * (halfExtent * worldPerPixel), 0.0, 1.0);
}
