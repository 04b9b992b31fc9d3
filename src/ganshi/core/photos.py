"""Photo uploads: type and size checked, re-encoded to JPEG, metadata (EXIF) dropped."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG"}
MAX_SIDE = 1200
MAX_PIXELS = 40_000_000


def normalise_photo(upload, *, field: str = "photo") -> ContentFile:
    """Return a clean JPEG of ``upload`` or raise ValidationError naming ``field``."""
    size = getattr(upload, "size", None)
    if size is None:
        data = upload.read()
        size = len(data)
        upload = io.BytesIO(data)
    if size > settings.GANSHI_PHOTO_MAX_BYTES:
        raise ValidationError(
            {
                field: _("The photo is %(size)s KB; the limit is %(limit)s KB.")
                % {"size": size // 1024, "limit": settings.GANSHI_PHOTO_MAX_BYTES // 1024}
            }
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError({field: _("The photo has too many pixels.")})
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as opened:
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError({field: _("The photo must be a JPEG or PNG image.")})
            image: Image.Image = ImageOps.exif_transpose(opened)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            if image.mode != "RGB":
                background = Image.new("RGB", image.size, "white")
                rgba = image.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                image = background
            output = io.BytesIO()
            image.save(output, format="JPEG", quality=88, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError({field: _("The photo must be a JPEG or PNG image.")}) from None
    return ContentFile(output.getvalue(), name="photo.jpg")
