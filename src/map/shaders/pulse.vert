#version 440
// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 Pulsemap contributors
// A pulse's look as a function of its age (after Matomo's real-time visitor map): a white-hot "pop" at
// birth settling into a colored core dot, an expanding ring for the first ringS seconds, opacity falling
// smoothly to zero at fadeS. The point sprite is sized to what is visible at this age, no larger: fill
// rate is the cost on a software rasterizer.
layout(location = 0) in vec4 position; // world x, y
layout(location = 1) in float birth;   // seconds after the origin
layout(location = 2) in vec4 meta;     // type, flags, seed, - (bytes / 255)

layout(location = 0) out vec4 vColor;  // type color, core alpha
layout(location = 1) out vec4 vShape;  // sprite half extent, core radius, ring radius, ring alpha (px)
layout(location = 2) out vec4 vExtra;  // glow sigma, glow alpha, ring width, whiteness

layout(std140, binding = 0) uniform buf {
    mat4 qt_Matrix;
    float qt_Opacity;
    float timeS;
    float fadeS;
    float pixelRatio;
    float sizeScale;
    float ringS;
    float popS;
    float ringRadius;
    vec4 colors[16];
};

out gl_PerVertex { vec4 gl_Position; float gl_PointSize; };

void main()
{
    float age = timeS - birth;
    int type = int(meta.x * 255.0 + 0.5) & 15;
    vec4 color = colors[type];
    if (age < 0.0 || age >= fadeS || color.a <= 0.0) {
        // Dead, unborn or hidden: outside the clip volume, no fragments.
        gl_Position = vec4(4.0, 4.0, 4.0, 1.0);
        gl_PointSize = 1.0;
        vColor = vec4(0.0);
        vShape = vec4(1.0, 0.0, 0.0, 0.0);
        vExtra = vec4(1.0, 0.0, 1.0, 0.0);
        return;
    }
    float life = 1.0 - age / fadeS;
    float p = clamp(age / popS, 0.0, 1.0);
    // Fast swell to about 2.4x within the first ~0.1 s, then back to rest size by popS.
    float pop = 1.0 + 2.2 * (1.0 - p) * (1.0 - p) * smoothstep(0.0, 0.14, p);
    float jitter = 0.85 + 0.3 * meta.z;
    float coreRadius = 1.9 * sizeScale * jitter * pop * (0.7 + 0.3 * life);
    // Matomo-like aging: bright while new, a dim ember for most of its life, smoothly gone at fadeS.
    float coreAlpha = mix(0.15, 1.0, life * life) * smoothstep(0.0, 0.25, life);
    float fresh = 1.0 - p;
    float glowSigma = coreRadius * 1.4;
    float glowAlpha = coreAlpha * (0.18 + 0.5 * fresh);
    // Where the glow falls under 1/100: the sprite ends there (fill rate).
    float extent = glowSigma * sqrt(2.0 * log(max(glowAlpha * 100.0, 1.0001)));
    extent = max(extent, coreRadius + 1.0);

    float ringR = 0.0;
    float ringA = 0.0;
    float ringW = 1.0;
    bool ring = meta.y > 0.002 && age < ringS;
    if (ring) {
        float r = age / ringS;
        float ease = 1.0 - (1.0 - r) * (1.0 - r) * (1.0 - r);
        ringR = mix(coreRadius, ringRadius * sizeScale * jitter, ease);
        ringA = 0.75 * pow(1.0 - r, 1.6);
        ringW = (0.9 + 1.1 * r) * sizeScale;
        extent = max(extent, ringR + 2.0 * ringW);
    }
    extent += 1.0;

    vColor = vec4(color.rgb, coreAlpha);
    vShape = vec4(extent, coreRadius, ringR, ringA);
    vExtra = vec4(glowSigma, glowAlpha, ringW, 0.1 + 0.8 * fresh * fresh);
    gl_PointSize = 2.0 * extent * pixelRatio;
    gl_Position = qt_Matrix * vec4(position.xy, 0.0, 1.0);
}
