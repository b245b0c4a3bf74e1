#!/usr/bin/python3
"""torchvision's evaluation transform, Resize(shorter) + CenterCrop(size), for SampleTransformTest.

Usage: preprocessing_reference.py IN.raw WIDTH HEIGHT SHORTER SIZE OUT_PIL.raw OUT_TENSOR.raw

IN.raw is interleaved RGB8, rows top to bottom. Writes the size x size RGB8 crop twice: through
PIL (bilinear, antialiased when it downscales, as torchvision's ImageNet recipes use it) and
through the tensor path with antialias=False (the same filter OpenCV's INTER_LINEAR is).
"""
import sys

import numpy as np
import torch
from PIL import Image
from torchvision import transforms
from torchvision.transforms import InterpolationMode
from torchvision.transforms import functional as F


def main():
    source, width, height, shorter, size, out_pil, out_tensor = sys.argv[1:8]
    width, height, shorter, size = int(width), int(height), int(shorter), int(size)
    pixels = np.fromfile(source, dtype=np.uint8).reshape(height, width, 3)

    evaluation = transforms.Compose([
        transforms.Resize(shorter, interpolation=InterpolationMode.BILINEAR),
        transforms.CenterCrop(size),
    ])
    np.asarray(evaluation(Image.fromarray(pixels))).tofile(out_pil)

    tensor = torch.from_numpy(pixels).permute(2, 0, 1).contiguous()
    resized = F.resize(tensor, shorter, interpolation=InterpolationMode.BILINEAR, antialias=False)
    F.center_crop(resized, size).permute(1, 2, 0).contiguous().numpy().tofile(out_tensor)


if __name__ == "__main__":
    main()
