"""Photo uploads: checked, re-encoded to JPEG, metadata dropped."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from ganshi.core.photos import MAX_SIDE, normalise_photo

ORIENTATION = 0x0112
MAKE = 0x010F


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def image_bytes(image_format: str, *, size=(40, 20), mode="RGB", exif=None) -> bytes:
    image = Image.new(mode, size, "red")
    output = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(output, format=image_format, **options)
    return output.getvalue()


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "Secret Camera"
    exif[ORIENTATION] = orientation
    return exif


def opened(content) -> Image.Image:
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


def test_a_png_with_exif_becomes_a_jpeg_without_it():
    # given a PNG carrying camera metadata
    data = image_bytes("PNG", exif=camera_exif())
    assert dict(Image.open(io.BytesIO(data)).getexif())[MAKE] == "Secret Camera"
    upload = SimpleUploadedFile("me.png", data, content_type="image/png")
    # when
    content = normalise_photo(upload)
    # then
    image = opened(content)
    assert content.name == "photo.jpg"
    assert image.format == "JPEG"
    assert image.mode == "RGB"
    assert image.size == (40, 20)
    assert dict(image.getexif()) == {}


def test_a_jpeg_with_exif_loses_it():
    # given
    data = image_bytes("JPEG", exif=camera_exif())
    # when
    content = normalise_photo(SimpleUploadedFile("me.jpg", data))
    # then
    image = opened(content)
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}


def test_the_exif_orientation_is_applied_before_it_is_dropped():
    # given a landscape image the camera marks "rotate 90°"
    data = image_bytes("JPEG", size=(40, 20), exif=camera_exif(orientation=6))
    # when
    image = opened(normalise_photo(SimpleUploadedFile("me.jpg", data)))
    # then: stored upright
    assert image.size == (20, 40)
    assert dict(image.getexif()) == {}


def test_a_transparent_png_gets_a_white_background():
    # given a fully transparent PNG
    output = io.BytesIO()
    Image.new("RGBA", (10, 10), (255, 0, 0, 0)).save(output, format="PNG")
    # when
    image = opened(normalise_photo(SimpleUploadedFile("me.png", output.getvalue())))
    # then
    assert image.mode == "RGB"
    assert image.getpixel((5, 5)) == (255, 255, 255)


def test_a_large_photo_is_scaled_down():
    # given
    data = image_bytes("PNG", size=(2400, 1800))
    # when
    image = opened(normalise_photo(SimpleUploadedFile("me.png", data)))
    # then
    assert image.size == (MAX_SIDE, 900)


def test_a_plain_file_object_is_read():
    # given a file without a size attribute
    data = io.BytesIO(image_bytes("PNG"))
    # when
    image = opened(normalise_photo(data))
    # then
    assert image.format == "JPEG"


def test_a_gif_is_refused():
    # given
    upload = SimpleUploadedFile("me.gif", image_bytes("GIF"), content_type="image/gif")
    # when
    with pytest.raises(ValidationError) as caught:
        normalise_photo(upload)
    # then
    assert caught.value.message_dict == {"photo": ["The photo must be a JPEG or PNG image."]}


def test_text_renamed_as_a_jpeg_is_refused():
    # given
    upload = SimpleUploadedFile("me.jpg", b"not an image at all\n" * 10, content_type="image/jpeg")
    # when
    with pytest.raises(ValidationError) as caught:
        normalise_photo(upload)
    # then
    assert caught.value.message_dict == {"photo": ["The photo must be a JPEG or PNG image."]}


def test_a_truncated_png_is_refused():
    # given the first half of a PNG
    data = image_bytes("PNG", size=(200, 200))
    upload = SimpleUploadedFile("me.png", data[: len(data) // 2])
    # when
    with pytest.raises(ValidationError) as caught:
        normalise_photo(upload)
    # then
    assert caught.value.message_dict == {"photo": ["The photo must be a JPEG or PNG image."]}


def test_a_photo_over_the_limit_is_refused_naming_the_field(settings):
    # given a limit of 1 KB and a 3 KB upload
    settings.GANSHI_PHOTO_MAX_BYTES = 1024
    upload = SimpleUploadedFile("me.png", b"\x89PNG" + b"\0" * (3 * 1024 - 4))
    # when
    with pytest.raises(ValidationError) as caught:
        normalise_photo(upload, field="portrait")
    # then
    assert caught.value.message_dict == {"portrait": ["The photo is 3 KB; the limit is 1 KB."]}


def test_a_photo_with_too_many_pixels_is_refused_before_decoding():
    # given a small file that decodes to 48 million pixels
    data = image_bytes("PNG", size=(8000, 6000), mode="1")
    # when
    with pytest.raises(ValidationError) as caught:
        normalise_photo(SimpleUploadedFile("me.png", data))
    # then
    assert caught.value.message_dict == {"photo": ["The photo has too many pixels."]}
