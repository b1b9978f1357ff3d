"""Real files for upload tests: a one-page PDF made with pypdf, a PNG made with Pillow, so
that the portal's content checks see what a person's scanner or office suite would give."""

import io


def pdf_bytes(title: str = "scan") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()
