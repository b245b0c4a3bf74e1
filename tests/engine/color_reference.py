"""torchvision's colour adjustments on a PIL image, for PhotometricAugmentationTest.

Run as /usr/bin/python3 color_reference.py <folder> <width> <height> <operation>...

Reads <folder>/input.rgb (width x height RGB bytes, rows top to bottom) and writes the result of
the i-th operation to <folder>/<i>.rgb in the same layout. Operations:
  brightness:<factor>  contrast:<factor>  saturation:<factor>  hue:<shift>
  grayscale            blur:<kernel side>:<sigma>
The same colour operations prefixed with "tensor_" (tensor_hue:0.2 ...) run torchvision's tensor
path on the picture as floats in [0, 1] instead, and write float32 values on the 0-255 scale.
Exit code 3 means torchvision or Pillow is missing (Debian: python3-torchvision, python3-pil).
"""
import sys

try:
    from PIL import Image
    import torch
    import torchvision.transforms.functional as F
except ImportError as error:
    print(f"torchvision/Pillow are not installed for this interpreter: {error}")
    sys.exit(3)

folder, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(f"{folder}/input.rgb", "rb") as stream:
    source = Image.frombytes("RGB", (width, height), stream.read())

adjustments = {
    "brightness": F.adjust_brightness,
    "contrast": F.adjust_contrast,
    "saturation": F.adjust_saturation,
    "hue": F.adjust_hue,
}

for index, operation in enumerate(sys.argv[4:]):
    name, *arguments = operation.split(":")
    if name.startswith("tensor_") and name[len("tensor_"):] in adjustments:
        tensor = F.pil_to_tensor(source).to(torch.float32) / 255.0
        result = adjustments[name[len("tensor_"):]](tensor, float(arguments[0])) * 255.0
        with open(f"{folder}/{index}.f32", "wb") as stream:
            stream.write(result.permute(1, 2, 0).contiguous().numpy().tobytes())
        continue
    if name == "brightness":
        result = F.adjust_brightness(source, float(arguments[0]))
    elif name == "contrast":
        result = F.adjust_contrast(source, float(arguments[0]))
    elif name == "saturation":
        result = F.adjust_saturation(source, float(arguments[0]))
    elif name == "hue":
        result = F.adjust_hue(source, float(arguments[0]))
    elif name == "grayscale":
        result = F.rgb_to_grayscale(source, num_output_channels=3)
    elif name == "blur":
        side, sigma = int(arguments[0]), float(arguments[1])
        result = F.gaussian_blur(source, [side, side], [sigma, sigma])
    else:
        print(f"unknown operation {operation!r}")
        sys.exit(2)
    assert result.mode == "RGB" and result.size == (width, height), operation
    with open(f"{folder}/{index}.rgb", "wb") as stream:
        stream.write(result.tobytes())
