"""Procedural image tasks for the range-method rehearsal.

Each task draws labelled images from a seeded numpy generator, so a task's training,
calibration and test sets are reproducible without downloads. The tasks are made to be
learnable to high accuracy by small models in a few epochs while leaving some samples near
the decision boundary (noise, clutter, random placement), which is where quantization
error shows in softmax outputs.
"""
import numpy as np

# Seven-segment layout: segment -> (row0, col0, row1, col1) in a 5x3 unit box.
SEGMENTS = {
    "a": (0, 0, 0, 3), "b": (0, 3, 2.5, 3), "c": (2.5, 3, 5, 3), "d": (5, 0, 5, 3),
    "e": (2.5, 0, 5, 0), "f": (0, 0, 2.5, 0), "g": (2.5, 0, 2.5, 3),
}
DIGITS = ["abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg", "abcdfg"]


def _grid(size):
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    return y / size, x / size


def digits(rng, count, size=64):
    """Seven-segment digits, random position, scale, stroke width and noise; 1 channel."""
    y, x = _grid(size)
    images = np.zeros((count, size, size, 1), np.float32)
    labels = rng.integers(0, 10, count)
    for i, label in enumerate(labels):
        scale = rng.uniform(0.09, 0.14)
        top, left = rng.uniform(0.05, 1 - 5.3 * scale), rng.uniform(0.05, 1 - 3.3 * scale)
        width = rng.uniform(0.025, 0.05)
        image = np.zeros((size, size), np.float32)
        for s in DIGITS[label]:
            r0, c0, r1, c1 = SEGMENTS[s]
            ya, xa, yb, xb = top + r0 * scale, left + c0 * scale, top + r1 * scale, left + c1 * scale
            # Distance from each pixel to the segment.
            dy, dx = yb - ya, xb - xa
            t = np.clip(((y - ya) * dy + (x - xa) * dx) / (dy * dy + dx * dx), 0, 1)
            d = np.hypot(y - ya - t * dy, x - xa - t * dx)
            image = np.maximum(image, np.clip(1 - d / width, 0, 1))
        image = image * rng.uniform(0.5, 1.0) + rng.normal(0, rng.uniform(0.05, 0.25), (size, size))
        images[i, :, :, 0] = image
    return images, labels


def colours(rng, count, size=64, classes=5):
    """A blob of one of `classes` hues among smaller clutter blobs of random hues; RGB in [0, 1]."""
    y, x = _grid(size)
    hues = np.array([[1, 0.1, 0.1], [0.1, 0.9, 0.1], [0.15, 0.2, 1], [1, 0.9, 0.1], [0.8, 0.1, 0.9]], np.float32)[:classes]
    images = np.zeros((count, size, size, 3), np.float32)
    labels = rng.integers(0, classes, count)
    for i, label in enumerate(labels):
        image = np.tile(rng.uniform(0.2, 0.6, 3).astype(np.float32), (size, size, 1))
        for _ in range(rng.integers(2, 5)):
            cy, cx, r = rng.uniform(0, 1), rng.uniform(0, 1), rng.uniform(0.04, 0.09)
            mask = ((y - cy) ** 2 + (x - cx) ** 2) < r * r
            image[mask] = rng.uniform(0, 1, 3)
        cy, cx, r = rng.uniform(0.25, 0.75), rng.uniform(0.25, 0.75), rng.uniform(0.12, 0.22)
        mask = ((y - cy) ** 2 + (x - cx) ** 2) < r * r
        image[mask] = hues[label] * rng.uniform(0.6, 1.0) + rng.uniform(0, 0.25, 3)
        images[i] = image + rng.normal(0, 0.08, image.shape)
    return np.clip(images, 0, 1.2), labels


def stripes(rng, count, size=80):
    """Stripes at 0, 45, 90 or 135 degrees with random frequency and phase under noise; 1 channel."""
    y, x = _grid(size)
    images = np.zeros((count, size, size, 1), np.float32)
    labels = rng.integers(0, 4, count)
    for i, label in enumerate(labels):
        angle = label * np.pi / 4 + rng.normal(0, 0.12)
        freq = rng.uniform(4, 12)
        wave = np.sin(2 * np.pi * freq * (x * np.cos(angle) + y * np.sin(angle)) + rng.uniform(0, 6.3))
        images[i, :, :, 0] = rng.uniform(0.3, 1.0) * wave + rng.normal(0, rng.uniform(0.3, 0.9), (size, size))
    return images, labels


def _box_blur(image, radius):
    """Separable box blur over the first two axes."""
    if radius == 0:
        return image
    k = 2 * radius + 1
    padded = np.pad(image, ((radius, radius), (0, 0), (0, 0)), mode="edge")
    c = np.cumsum(padded, axis=0)
    c = np.concatenate([np.zeros_like(c[:1]), c], axis=0)
    image = (c[k:] - c[:-k]) / k
    padded = np.pad(image, ((0, 0), (radius, radius), (0, 0)), mode="edge")
    c = np.cumsum(padded, axis=1)
    c = np.concatenate([np.zeros_like(c[:, :1]), c], axis=1)
    return (c[:, k:] - c[:, :-k]) / k


def _texture(rng, size, kind):
    """Checkers, dots, stripes or smooth noise, RGB."""
    y, x = _grid(size)
    colour_a, colour_b = rng.uniform(0, 1, 3), rng.uniform(0, 1, 3)
    period = rng.uniform(0.08, 0.2)
    phase = rng.uniform(0, 1, 2)
    if kind == 0:
        pattern = ((np.floor(y / period + phase[0]) + np.floor(x / period + phase[1])) % 2)
    elif kind == 1:
        fy, fx = (y / period + phase[0]) % 1 - 0.5, (x / period + phase[1]) % 1 - 0.5
        pattern = (fy * fy + fx * fx < rng.uniform(0.04, 0.1)).astype(np.float32)
    elif kind == 2:
        angle = rng.uniform(0, np.pi)
        pattern = (((x * np.cos(angle) + y * np.sin(angle)) / period + phase[0]) % 1 < 0.5).astype(np.float32)
    else:
        noise = rng.uniform(0, 1, (size // 8 + 1, size // 8 + 1))
        pattern = np.kron(noise, np.ones((8, 8)))[:size, :size]
        pattern = _box_blur(pattern[:, :, None], 4)[:, :, 0]
    return pattern[:, :, None] * colour_a + (1 - pattern[:, :, None]) * colour_b


def textures(rng, count, size=64):
    """Four texture kinds under noise and brightness change; RGB."""
    images = np.zeros((count, size, size, 3), np.float32)
    labels = rng.integers(0, 4, count)
    for i, label in enumerate(labels):
        image = _texture(rng, size, label) * rng.uniform(0.6, 1.2)
        images[i] = image + rng.normal(0, rng.uniform(0.05, 0.3), image.shape)
    return images, labels


def degrade(rng, count, size=128):
    """A random texture left clean, noised, blurred or made blocky (4 classes); RGB."""
    images = np.zeros((count, size, size, 3), np.float32)
    labels = rng.integers(0, 4, count)
    for i, label in enumerate(labels):
        image = _texture(rng, size, rng.integers(0, 4))
        if label == 1:
            image = image + rng.normal(0, rng.uniform(0.08, 0.25), image.shape)
        elif label == 2:
            image = _box_blur(image, int(rng.integers(1, 4)))
        elif label == 3:
            block = int(rng.choice([4, 8]))
            small = image[::block, ::block]
            image = np.kron(small, np.ones((block, block, 1)))[:size, :size]
        images[i] = image + rng.normal(0, 0.02, image.shape)
    return images, labels


def scene(rng, count, size=96):
    """Cluttered scenes with or without a person-like figure (head over a taller body); RGB."""
    y, x = _grid(size)
    images = np.zeros((count, size, size, 3), np.float32)
    labels = rng.integers(0, 2, count)
    for i, label in enumerate(labels):
        image = _texture(rng, size, rng.integers(0, 4)) * 0.5 + rng.uniform(0, 0.4, 3)
        for _ in range(rng.integers(1, 3)):
            cy, cx = rng.uniform(0, 1), rng.uniform(0, 1)
            ry, rx = rng.uniform(0.05, 0.15), rng.uniform(0.05, 0.15)
            image[((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2 < 1] = rng.uniform(0, 1, 3)
        if label == 1:
            cy, cx, s = rng.uniform(0.35, 0.6), rng.uniform(0.25, 0.75), rng.uniform(0.15, 0.25)
            colour = rng.uniform(0, 1, 3)
            body = ((y - cy - s) / (1.2 * s)) ** 2 + ((x - cx) / (0.45 * s)) ** 2 < 1
            head = ((y - cy + 0.55 * s) / (0.35 * s)) ** 2 + ((x - cx) / (0.3 * s)) ** 2 < 1
            image[body | head] = colour
        images[i] = image + rng.normal(0, 0.05, image.shape)
    return images, labels


def spectrograms(rng, count, size=64, classes=6):
    """Log-spectrogram-like images (time x frequency): tone, sweep up, sweep down, two tones,
    pulses, broadband burst, over coloured noise; 1 channel."""
    t, f = _grid(size)
    images = np.zeros((count, size, size, 1), np.float32)
    labels = rng.integers(0, classes, count)
    for i, label in enumerate(labels):
        base = rng.uniform(0.2, 0.6)
        image = rng.normal(0, rng.uniform(0.2, 0.5), (size, size)) - 2 * f * rng.uniform(0.5, 1.5)
        f0 = rng.uniform(0.2, 0.8)
        width = rng.uniform(0.02, 0.05)
        start, stop = rng.uniform(0, 0.3), rng.uniform(0.7, 1)
        on = (t > start) & (t < stop)
        if label == 0:
            track = np.exp(-((f - f0) / width) ** 2) * on
        elif label == 1:
            track = np.exp(-((f - (0.15 + 0.6 * t)) / width) ** 2) * on
        elif label == 2:
            track = np.exp(-((f - (0.8 - 0.6 * t)) / width) ** 2) * on
        elif label == 3:
            track = (np.exp(-((f - f0 / 2) / width) ** 2) + np.exp(-((f - f0 / 2 - 0.3) / width) ** 2)) * on
        elif label == 4:
            track = np.exp(-((f - f0) / width) ** 2) * (np.sin(2 * np.pi * rng.uniform(3, 6) * t) > 0.3)
        else:
            track = ((t > start) & (t < start + rng.uniform(0.1, 0.3))).astype(np.float32) * 0.8
        images[i, :, :, 0] = base + image + rng.uniform(1.5, 3.0) * track
    return images, labels


TASKS = {
    "digits10": digits,
    "colours5": colours,
    "stripes4": stripes,
    "textures4": textures,
    "degrade4": degrade,
    "scene2": scene,
    "spectro6": spectrograms,
}


def draw(task, seed, count, size):
    """`count` images of `task` at `size`, float32, with int64 labels."""
    images, labels = TASKS[task](np.random.default_rng(seed), count, size)
    return images.astype(np.float32), labels.astype(np.int64)
