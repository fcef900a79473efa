"""What scraped pages leave in the text, as named patterns (data, not code).

Each entry: reason → pattern. ``LINE_DEBRIS`` patterns must match a whole line; ``TAIL_DEBRIS``
patterns match from somewhere inside a line to its end (a teaser glued onto a paragraph).
Lines longer than ``MAX_DEBRIS_LINE_CHARS`` are never whole-line debris: real paragraphs are long.
"""

from __future__ import annotations

import re

#: Debris lines are short; a long line is a paragraph even if it starts like a credit.
MAX_DEBRIS_LINE_CHARS = 160

_AGENCIES = r"(?:AFP|dpa|Reuters|AP|APA|KNA|epd|SDA|Keystone|Getty(?: Images)?|imago(?: images)?|picture[ -]alliance|IMAGO|EPA|ddp|Xinhua|TASS|Sputnik|Yonhap|Bloomberg|Shutterstock|iStock)"

LINE_DEBRIS: dict[str, re.Pattern[str]] = {
    "photo credit": re.compile(
        rf"^\s*(?:(?:Quelle|Foto|Fotos|Bild|Bilder|Photo|Image|Credit|Bildquelle|Copyright)\s*:\s*.*(?:©|\(c\)|{_AGENCIES}).*"
        rf"|.*©.*|(?:Foto|Bild|Photo)\s*:?\s*{_AGENCIES}\b.*"
        # "Foto: Max Muster", "Bild: Stadtwerke": a short line naming only who took the picture
        r"|(?:Foto|Fotos|Bild|Bilder|Bildquelle|Photo|Photos|Image|Credit)\s*:\s*[^.!?]{1,70})$", re.I),
    "source credit": re.compile(
        r"^\s*(?:Quelle|Quellen|Source|Sources|Mit Material von|Material)\s*:\s*(?:Agenturen|agencies|[\w./&, -]{1,60})\s*$", re.I),
    "publisher promo": re.compile(
        r"^\s*(?:Ein Angebot (?:des|der|von)\b.*|Ein Service (?:des|der|von)\b.*|Präsentiert von\b.*|Anzeige|Werbung|"
        r"Advertisement|Sponsored(?: content)?|Promoted)\s*$", re.I),
    "comment counter": re.compile(
        r"^\s*(?:Noch keine Kommentare|Keine Kommentare|\d+\s+Kommentare?|Kommentare?\s*\(\d+\)|Kommentieren|"
        r"Jetzt kommentieren|Kommentare anzeigen|Zum Kommentarbereich|No comments(?: yet)?|\d+\s+comments?|"
        r"Comments?\s*\(\d+\)|Leave a comment|Add a comment)\s*\.?$", re.I),
    "share/print controls": re.compile(
        r"^\s*(?:Teilen|Artikel teilen|Drucken|Merken|Vorlesen|Share|Share this article|Print|Tweet|"
        r"Facebook|Twitter|X|WhatsApp|E-Mail|Link kopieren|Copy link)(?:\s*[|/,·]\s*(?:Teilen|Drucken|Merken|Share|Print|"
        r"Tweet|Facebook|Twitter|X|WhatsApp|E-Mail|Link kopieren))*\s*$", re.I),
    "newsletter/subscription": re.compile(
        r"^\s*(?:Newsletter abonnieren|Jetzt abonnieren|Abonnieren Sie\b.*|Subscribe(?: now| to our newsletter)?\b.*|"
        r"Sign up for\b.*newsletter.*|Zur Startseite|Zurück zur Startseite|Alle Rechte vorbehalten\.?|"
        r"All rights reserved\.?|Lesezeit:?\s*\d+\s*(?:Min\.?|Minuten)|\d+\s*min(?:ute)? read)\s*$", re.I),
    "teaser headline": re.compile(
        r"^\s*(?:Mehr zum Thema|Lesen Sie auch|Lesen Sie mehr|Auch interessant|Mehr dazu|Das könnte Sie auch interessieren|"
        r"Weitere Artikel|Verwandte Artikel|Read more|Read also|Related|More on this|See also)\b\s*[-–:|]?.*$", re.I),
}

TAIL_DEBRIS: dict[str, re.Pattern[str]] = {
    # "… gekommen. Mehr zum Thema - Nordkorea stellt …" glued to the end of a paragraph.
    "teaser headline": re.compile(
        r"(?<=[.!?“”\"»«])\s+(?:Mehr zum Thema|Lesen Sie auch|Lesen Sie mehr|Auch interessant|Read more|Read also)\s*[-–:|].*$",
        re.I),
}

#: More blank lines than this in a row are debris (layout left-overs); one blank line is a paragraph break.
MAX_BLANK_LINES = 1
