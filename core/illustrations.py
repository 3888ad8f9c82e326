"""The demo's illustrations: simple abstract drawings made here, so the demo ships no
third-party photo. ``python -m core.illustrations`` redraws the PNG files of
``core/demo_images/`` (committed, a few kilobytes each); ``essaim demo`` loads them as
Wagtail images (``core.demo.ensure_demo_image``).
"""

import math
import sys
from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent / "demo_images"
WIDTH, HEIGHT = 960, 600

NAVY, AMBER, CORAL, SAGE, TEAL, CREAM, SAND = (
    "#1f4e79", "#e9a23b", "#d9643a", "#8fc1ad", "#2e7d6b", "#f6efe0", "#e8dcc2")

# name: (title of the Wagtail image, its description — the alt text, in French)
ILLUSTRATIONS = {
    "hemicycle": ("Hémicycle", "Dessin abstrait d'un hémicycle : des rangées de sièges "
                               "en demi-cercle face à une tribune."),
    "facade": ("Façade d'un bâtiment public", "Dessin abstrait de la façade d'un bâtiment "
                                               "public, avec colonnes, fronton et drapeau."),
    "budget": ("Budget", "Dessin abstrait d'un budget : des barres de hauteurs différentes "
                         "et des pièces empilées."),
    "projet": ("Projet", "Dessin abstrait d'un projet : une ligne du temps ponctuée "
                         "d'étapes, jusqu'à un drapeau d'arrivée."),
    "concertation": ("Concertation", "Dessin abstrait d'une concertation : des bulles de "
                                     "parole qui se répondent au-dessus d'une table ronde."),
    "urne": ("Vote", "Dessin abstrait d'un vote : une urne dans laquelle tombent des "
                     "bulletins."),
    "marche": ("Diagnostic en marchant", "Dessin abstrait d'un diagnostic en marchant : un "
                                         "chemin sinueux entre des maisons, jalonné de "
                                         "points d'étape."),
    "assemblee": ("Assemblée citoyenne", "Dessin abstrait d'une assemblée citoyenne : des "
                                         "personnes assises en cercle autour d'une table."),
}


def _person(draw, x, y, size, colour):
    draw.ellipse((x - size * 0.35, y - size * 1.3, x + size * 0.35, y - size * 0.6), fill=colour)
    draw.rounded_rectangle((x - size * 0.55, y - size * 0.5, x + size * 0.55, y + size * 0.6),
                           radius=int(size * 0.4), fill=colour)


def draw(name):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), CREAM)
    d = ImageDraw.Draw(image)
    d.ellipse((620, -160, 1120, 340), fill=SAND)
    d.rectangle((0, 500, WIDTH, HEIGHT), fill=SAND)
    if name == "hemicycle":
        cx, cy = WIDTH / 2, 500
        for row, radius in enumerate((150, 220, 290, 360)):
            seats = 9 + row * 4
            for i in range(seats):
                angle = math.pi * (i + 0.5) / seats
                x, y = cx - radius * math.cos(angle), cy - radius * math.sin(angle)
                colour = (NAVY, TEAL, AMBER, CORAL)[(i * 3 + row) % 4]
                d.ellipse((x - 14, y - 14, x + 14, y + 14), fill=colour)
        d.rounded_rectangle((cx - 70, cy - 70, cx + 70, cy), radius=10, fill=NAVY)
    elif name == "facade":
        d.polygon([(240, 230), (480, 110), (720, 230)], fill=NAVY)
        d.rectangle((250, 230, 710, 250), fill=NAVY)
        for i in range(6):
            x = 275 + i * 80
            d.rectangle((x, 260, x + 34, 470), fill=SAGE)
        d.rectangle((230, 470, 730, 500), fill=NAVY)
        d.line((480, 110, 480, 40), fill=NAVY, width=6)
        d.rectangle((483, 40, 523, 52), fill=NAVY)
        d.rectangle((483, 52, 523, 64), fill="#ffffff")
        d.rectangle((483, 64, 523, 76), fill=CORAL)
    elif name == "budget":
        for i, height in enumerate((140, 230, 180, 300, 260)):
            x = 180 + i * 95
            d.rounded_rectangle((x, 470 - height, x + 70, 470), radius=8,
                                fill=(NAVY, TEAL, AMBER, CORAL, SAGE)[i])
        for i in range(5):
            y = 460 - i * 26
            d.ellipse((700, y - 14, 800, y + 14), fill=AMBER, outline=CORAL, width=4)
        d.line((150, 472, 820, 472), fill=NAVY, width=6)
    elif name == "projet":
        d.line((120, 360, 840, 360), fill=NAVY, width=10)
        for i, x in enumerate((180, 340, 500, 660)):
            d.ellipse((x - 30, 330, x + 30, 390), fill=(AMBER, TEAL, CORAL, SAGE)[i])
            d.rounded_rectangle((x - 55, 200 + (i % 2) * 230 - 40, x + 55,
                                 200 + (i % 2) * 230 + 20), radius=12, fill="#ffffff",
                                outline=NAVY, width=4)
        d.line((820, 360, 820, 200), fill=NAVY, width=8)
        d.polygon([(824, 200), (900, 225), (824, 250)], fill=CORAL)
    elif name == "concertation":
        d.ellipse((300, 400, 660, 500), fill=NAVY)
        for i, (x, y, w, colour) in enumerate(((200, 110, 230, TEAL), (520, 70, 250, AMBER),
                                               (360, 230, 220, CORAL))):
            d.rounded_rectangle((x, y, x + w, y + 110), radius=40, fill=colour)
            tail = x + 50 if i % 2 == 0 else x + w - 50
            d.polygon([(tail - 20, y + 105), (tail + 20, y + 105), (tail, y + 150)], fill=colour)
            for j in range(3):
                d.ellipse((x + w / 2 - 50 + j * 40, y + 45, x + w / 2 - 30 + j * 40, y + 65),
                          fill="#ffffff")
    elif name == "urne":
        d.rounded_rectangle((330, 260, 630, 490), radius=18, fill=NAVY)
        d.rectangle((420, 250, 540, 266), fill=CREAM)
        d.rounded_rectangle((380, 320, 580, 360), radius=10, fill=SAGE)
        for i, (x, y, angle) in enumerate(((440, 120, -12), (500, 40, 10), (360, 60, 20))):
            sheet = Image.new("RGBA", (90, 120), (0, 0, 0, 0))
            ImageDraw.Draw(sheet).rounded_rectangle((0, 0, 89, 119), radius=6,
                                                    fill=(AMBER, CORAL, TEAL)[i])
            sheet = sheet.rotate(angle, expand=True)
            image.paste(sheet, (x, y), sheet)
    elif name == "marche":
        points = [(60, 520), (220, 430), (380, 470), (520, 340), (700, 380), (900, 240)]
        d.line(points, fill=AMBER, width=26, joint="curve")
        for x, y in points[1:-1]:
            d.ellipse((x - 22, y - 22, x + 22, y + 22), fill=CORAL, outline="#ffffff", width=6)
        for x, y, colour in ((150, 300, TEAL), (460, 190, NAVY), (760, 470, SAGE)):
            d.rectangle((x - 60, y - 40, x + 60, y + 60), fill=colour)
            d.polygon([(x - 75, y - 38), (x, y - 100), (x + 75, y - 38)], fill=colour)
            d.rectangle((x - 15, y + 10, x + 15, y + 60), fill=CREAM)
    elif name == "assemblee":
        cx, cy = WIDTH / 2, 320
        d.ellipse((cx - 150, cy - 80, cx + 150, cy + 80), fill=NAVY)
        for i in range(10):
            angle = 2 * math.pi * i / 10
            x, y = cx + 250 * math.cos(angle), cy + 150 * math.sin(angle) + 30
            _person(d, x, y, 38, (TEAL, AMBER, CORAL, SAGE)[i % 4])
    else:
        raise KeyError(name)
    return image


def write_all(directory=DIRECTORY):
    directory.mkdir(parents=True, exist_ok=True)
    for name in ILLUSTRATIONS:
        draw(name).quantize(colors=32).save(directory / f"{name}.png", optimize=True)


if __name__ == "__main__":
    write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else DIRECTORY)
