"""Drawing the simulated OLED: unicode half or quarter blocks for a terminal, or a PNG."""

LIT = "#"
PNG_SCALE = 4
PNG_LIT = (150, 210, 255)
PNG_DARK = (8, 8, 16)
PNG_BORDER = 8


def half_blocks(rows):
    """Two pixel rows per text line, framed: ▀ top lit, ▄ bottom lit, █ both."""
    width = len(rows[0]) if rows else 0
    lines = ["┌" + "─" * width + "┐"]
    for top_index in range(0, len(rows), 2):
        top = rows[top_index]
        bottom = rows[top_index + 1] if top_index + 1 < len(rows) else "." * width
        chars = []
        for upper, lower in zip(top, bottom, strict=True):
            if upper == LIT and lower == LIT:
                chars.append("█")
            elif upper == LIT:
                chars.append("▀")
            elif lower == LIT:
                chars.append("▄")
            else:
                chars.append(" ")
        lines.append("│" + "".join(chars) + "│")
    lines.append("└" + "─" * width + "┘")
    return "\n".join(lines)


# 2x2 pixels per character: bit 1 upper left, 2 upper right, 4 lower left, 8 lower right
QUADRANTS = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"


def quarter_blocks(rows):
    """Half the size of `half_blocks` (for a narrow terminal): 2x2 pixels per character."""
    width = len(rows[0]) if rows else 0
    padded = [row + "." * (width % 2) for row in rows] + ["." * (width + width % 2)] * (
        len(rows) % 2)
    lines = ["┌" + "─" * ((width + 1) // 2) + "┐"]
    for top_index in range(0, len(padded), 2):
        top, bottom = padded[top_index], padded[top_index + 1]
        chars = []
        for x in range(0, len(top), 2):
            bits = ((top[x] == LIT) | (top[x + 1] == LIT) << 1
                    | (bottom[x] == LIT) << 2 | (bottom[x + 1] == LIT) << 3)
            chars.append(QUADRANTS[bits])
        lines.append("│" + "".join(chars) + "│")
    lines.append("└" + "─" * ((width + 1) // 2) + "┘")
    return "\n".join(lines)


def save_png(rows, path, scale=PNG_SCALE):
    from PIL import Image, ImageDraw

    height = len(rows)
    width = len(rows[0]) if rows else 0
    image = Image.new("RGB", (width * scale + 2 * PNG_BORDER, height * scale + 2 * PNG_BORDER),
                      PNG_DARK)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, pixel in enumerate(row):
            if pixel == LIT:
                left = PNG_BORDER + x * scale
                top = PNG_BORDER + y * scale
                draw.rectangle((left, top, left + scale - 1, top + scale - 1), fill=PNG_LIT)
    image.save(path, format="PNG")
