#!/usr/bin/python3
"""The peer of fovea-bench-classify: torchvision's model (random weights) in eval mode under
torch.inference_mode, PIL decoding and the standard ImageNet transform (Resize 256 / 299-ish,
CenterCrop, ToTensor, Normalize), one picture at a time as a drop would be handled. Prints the
same figures. Usage: peer_classify.py --arch resnet50 [--image F] [--folder D] [--threads N]"""
import argparse
import glob
import os
import statistics
import time

import torch
import torchvision
from PIL import Image
from torchvision import transforms

p = argparse.ArgumentParser()
p.add_argument("--arch", default="resnet50")
p.add_argument("--image")
p.add_argument("--folder")
p.add_argument("--repeats", type=int, default=20)
p.add_argument("--limit", type=int, default=1000)
p.add_argument("--threads", type=int, default=0)
a = p.parse_args()
if a.threads > 0:
    torch.set_num_threads(a.threads)
size = 299 if a.arch == "inception_v3" else 224
model = getattr(torchvision.models, a.arch)(num_classes=1000).eval()
transform = transforms.Compose([
    transforms.Resize(round(size / 0.875)), transforms.CenterCrop(size), transforms.ToTensor(),
    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])


def classify(path):
    with torch.inference_mode():
        x = transform(Image.open(path).convert("RGB")).unsqueeze(0)
        return torch.softmax(model(x), 1)


if a.image:
    times = []
    for i in range(a.repeats + 2):
        start = time.perf_counter()
        classify(a.image)
        if i >= 2:
            times.append((time.perf_counter() - start) * 1000)
    print(f"peer {a.arch} one image: {statistics.median(times):.1f} ms median of {a.repeats} "
          "(decode + preprocess + forward)")
if a.folder:
    files = sorted(f for f in glob.glob(os.path.join(a.folder, "**", "*"), recursive=True)
                   if f.lower().endswith((".jpg", ".jpeg", ".png")))[:a.limit]
    classify(files[0])
    start = time.perf_counter()
    for f in files:
        classify(f)
    seconds = time.perf_counter() - start
    print(f"peer {a.arch} folder: {len(files)} images in {seconds:.1f} s, "
          f"{len(files) / seconds:.1f} images/s")
