"""Writes the image fixtures that OpenCV cannot write: EXIF orientations, CMYK, palettes.

Run by the engine's image tests as /usr/bin/python3 make_pil_fixtures.py <folder>. Exit code 3
means Pillow is missing (Debian: python3-pil), so the test can say so instead of failing vaguely.
"""
import sys

try:
    from PIL import Image, ImageOps
except ImportError:
    print("Pillow is not installed for this interpreter (Debian package python3-pil)")
    sys.exit(3)

out = sys.argv[1]

# A 3x2 picture with six different colours: any rotation or mirror changes where they land.
colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255), (255, 0, 255)]
grid = Image.new("RGB", (3, 2))
for index, colour in enumerate(colours):
    grid.putpixel((index % 3, index // 3), colour)
for orientation in range(1, 9):
    exif = Image.Exif()
    exif[0x0112] = orientation
    grid.save(f"{out}/orient{orientation}.png", exif=exif.tobytes())
    stored = Image.open(f"{out}/orient{orientation}.png")
    ImageOps.exif_transpose(stored).save(f"{out}/upright{orientation}.png")

# JPEG with orientation 6 (camera turned clockwise): 64 wide, 32 high as stored, red with a blue
# left half, so the upright picture is 32 wide, 64 high, blue on top.
photo = Image.new("RGB", (64, 32), (220, 20, 20))
photo.paste((20, 20, 220), (0, 0, 32, 32))
exif = Image.Exif()
exif[0x0112] = 6
photo.save(f"{out}/exif6.jpg", exif=exif.tobytes(), quality=95)

# CMYK: pure red is C=0, M=255, Y=255, K=0.
Image.new("CMYK", (16, 16), (0, 255, 255, 0)).save(f"{out}/cmyk.jpg", quality=100)
Image.new("CMYK", (16, 16), (0, 255, 255, 0)).save(f"{out}/cmyk.tif")

# A palette PNG whose index 1 is fully transparent: pixel (0, 0) uses it, the rest are blue.
palette = Image.new("P", (4, 4), 2)
palette.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * (256 * 3 - 9))
palette.putpixel((0, 0), 1)
palette.save(f"{out}/palette.png", transparency=1)
# A plain palette GIF, which must be refused by content even when named .png.
palette.save(f"{out}/palette.gif")

# 8-bit RGBA TIFF (unassociated alpha, which libtiff hands back premultiplied).
Image.new("RGBA", (4, 4), (255, 0, 0, 128)).save(f"{out}/rgba.tif")

# An animated WebP, which OpenCV cannot decode: it must be refused with a reason.
frames = [Image.new("RGB", (8, 8), (255, 0, 0)), Image.new("RGB", (8, 8), (0, 0, 255))]
try:
    frames[0].save(f"{out}/animated.webp", save_all=True, append_images=frames[1:], lossless=True)
except Exception as error:  # Pillow built without WebP animation support
    print(f"no animated WebP: {error}")
