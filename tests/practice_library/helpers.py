import html


def text_of(response) -> str:
    """The response's HTML with entities decoded, as a reader would see the text."""
    return html.unescape(response.content.decode())
