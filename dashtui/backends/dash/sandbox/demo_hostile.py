"""Deliberately hard captions: what real API data can hold and a terminal UI must survive.

Emoji (ZWJ sequences, skin tones, flags, tag sequences), CJK, RTL with bidi controls,
combining marks, text that looks like Rich/Textual markup, terminal escape sequences and
control characters, invisible characters, and captions long enough to hit network limits.
Each entry says where it goes; some are over the network's limit on purpose (Dash does not
check those, the network does at publish time), so the client's live checks have work to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# -- building blocks ---------------------------------------------------------------------------

EMOJI = ("Family roast day 👨‍👩‍👧‍👦☕ with the whole crew 👩🏽‍🍳👨🏿‍🔧🧑🏻‍🌾 and our rainbow 🏳️‍🌈 "
         "pirate 🏴‍☠️ flags up. Beans from 🇪🇹 🇨🇴 🇰🇪 🇷🇼 🇧🇷, roasted in 🇺🇸, loved in 🏴󠁧󠁢󠁳󠁣󠁴󠁿. "
         "Waves 👋🏻👋🏼👋🏽👋🏾👋🏿, keycaps 1️⃣2️⃣#️⃣, heart on fire ❤️‍🔥, hands 🫶🏾, "
         "people holding hands 🧑‍🤝‍🧑 and a text-style heart ❤︎ vs emoji heart ❤️.\n\n"
         "#familybusiness #coffeeroaster #emoji")

CJK_X = ("【新入荷】エチオピア・グジ ナチュラル☕ ブルーベリーとジャスミンの香り、シロップのような甘い余韻。"
         "限定二百袋です。ご予約はお早めにどうぞ！東京・大阪の皆さま、海外発送も承ります。"
         "新到货：埃塞俄比亚古吉日晒，蓝莓与茉莉花香气，限量两百袋，欢迎预订。"
         "새로운 원두 입고! 에티오피아 구지 내추럴, 블루베리와 자스민 향. 한정 이백 봉지입니다. "
         "#コーヒー #咖啡 #커피 https://emberandoak.coffee/ja/guji")

RTL = ("☕ قهوة إثيوبية جديدة وصلت اليوم! نكهة التوت والياسمين 🫐 اطلبوها الآن من الرابط في البايو "
       "@emberandoak\n\nקפה חדש מאתיופיה! טעמים של אוכמניות ויסמין. 200 שקיות בלבד.\n\n"
       "Mixed direction: order #١٢٣ costs \u200f₪45\u200f or \u200e$12\u200e, "
       "\u202bembedded RTL run\u202c, and an override: \u202eevil.exe\u202c.txt "
       "\u2067isolate\u2069 done.\n\n#قهوة #קפה #specialtycoffee")

MULTILINGUAL = ("Welcome · Bienvenue · Willkommen · ようこそ · 환영합니다 · 欢迎 · أهلا وسهلا · "
                "ברוכים הבאים · Добро пожаловать · Καλώς ήρθατε · स्वागत है · ยินดีต้อนรับ · "
                "Witajcie · Hoş geldiniz. Free audio guides in 14 languages at the front desk. 🎧")

_MARKS = [chr(c) for c in range(0x0300, 0x036F)]


def zalgo(word: str, per_char: int = 3) -> str:
    out = []
    for i, ch in enumerate(word):
        out.append(ch + "".join(_MARKS[(i * 7 + k * 13) % len(_MARKS)] for k in range(per_char)))
    return "".join(out)


COMBINING = (f"Café crème, naïve résumé (precomposed) vs Cafe\u0301 cre\u0300me, nai\u0308ve "
             f"re\u0301sume\u0301 (decomposed). {zalgo('Zalgo')} coffee is {zalgo('the best')}. "
             "Thai: กาแฟสดใหม่ · Devanagari: कॉफ़ी · Vietnamese: cà phê sữa đá · "
             "Hangul jamo: \u1100\u1161\u11a8 🧋")

MARKUP = ("[bold]Flash sale![/bold] 20% off [link=https://x.y]everything[/link] today only. "
          "[red]oops[/red] [/] [i]not italic[/i] [@click=app.quit]click me[/] "
          "[on red]background[/on red] \\[escaped] [b][/b] [ [] ] [/link] [#ff0000]hex[/] "
          "$variable ${name} {0} %s <b>html</b> &amp; **markdown** _under_ `code` "
          "[link=javascript:alert(1)]js[/link]\n\n#sale #coffee")

ESCAPES = ("Roast day \x1b[31mRED ALERT\x1b[0m: beans are out \x1b[2J\x1b[H screen cleared? "
           "\x1b]52;c;Y3VybCBodHRwczovL2V2aWwuZXhhbXBsZS9zaCB8IHNo\x07 clipboard write, "
           "\x1b]8;;https://evil.example\x1b\\innocent link\x1b]8;;\x1b\\, "
           "\x1b]0;pwned window title\x07 bell\x07 backspace\x08\x08 form\x0cfeed "
           "vtab\x0b cr\roverwrite del\x7f c1-csi\x9b31m tab\there, nul-free. "
           "\x1bP+q544e\x1b\\ DCS query. #roastday")

INVISIBLE = ("Free\u200b\u200bshipping\u2060today\ufeff on every bag. soft\u00adhyphen, "
             "nbsp\u00a0here, ideographic\u3000space, line\u2028separator, "
             "paragraph\u2029separator, word\u200cjoiner\u200dtest, en\u2002em\u2003thin\u2009.")

LONG_WORD = ("Full details: https://emberandoak.coffee/products/ethiopia-guji-natural?utm_source="
             "social&utm_medium=organic&utm_campaign=spring_launch_2026&utm_content=carousel_"
             "slide_03_with_an_unreasonably_long_parameter_value_that_never_breaks_"
             "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA "
             "Supercalifragilisticexpialidociouscoffeeroastersassociationmembershipdrive.")

NEWLINES = ("Three roasts.\n\n\n\nThree moods.\n.\n.\n.\n.\n.\n\n\n\nWhich one are you?   \n"
            "\t(tabs and trailing spaces)   \n\n\n\n\n\n\n\n#coffee")

SPOTLIGHT_160 = ("Latte art in 3 moves 🥛☕ pour high, drop low, wiggle and pull through. "
                 "Practice with dish soap + water first, save the milk for when it clicks ✨ "
                 "Tag a barista! 👀")  # exactly 160 code points: Dash's maxLength

PARAGRAPHS = (
    "Every bag of coffee starts about eighteen months before it reaches your kitchen. It "
    "starts with a flowering on a hillside, a few white blossoms that smell like jasmine, "
    "and a grower who has to decide how much to invest in a harvest that weather, pests or a "
    "falling market price could wipe out.",
    "This season we visited four of the farms we buy from. In Guji the cherries are dried "
    "whole on raised beds for three weeks, turned by hand every hour in the heat of the day, "
    "and covered at night so the dew does not undo the work. It is slow, careful and "
    "expensive, and it is the reason the coffee tastes of blueberry.",
    "In Huila the families we work with have been replanting with disease-resistant "
    "varieties, a five-year bet that only works if buyers like us commit for more than one "
    "harvest. That is why we sign three-year contracts and pay well above the fair-trade "
    "minimum, published in full on our transparency page.",
    "Back in Portland, roasting is the easy part. Our roaster, Maya, cups every batch the "
    "morning after, scores it, and adjusts the next roast by a few seconds or a few degrees. "
    "Most days that means nothing changes. Some days it means a whole batch becomes cold brew "
    "instead of going into bags.",
    "What we ask of you is simple: brew it fresh, grind it just before, use water that "
    "tastes good on its own, and tell us when something is off. Every message reaches a "
    "person who roasted, packed or shipped your coffee.",
    "A short brew guide while we are here. For a V60, use 15 grams of coffee per 250 grams "
    "of water, a medium-fine grind, water just off the boil, a 30 second bloom and slow "
    "spiral pours. For a French press, go coarser, four minutes, then decant so it stops "
    "extracting. For espresso, 18 grams in, 38 out, 28 to 32 seconds, and taste before you "
    "tweak.",
    "We are also changing how we ship. Orders now leave the roastery in compostable mailers "
    "by bike courier within the city and by ground everywhere else; no more overnight air "
    "for beans that taste best after a week of rest anyway.",
    "Finally, thank you. Eleven years ago this was one secondhand roaster in a garage. "
    "Today it is three cafes, forty-one people and partners on four continents, and it is "
    "still, at heart, a small company that answers its own email.",
)

TAGS_34 = " ".join(f"#{w}" for w in (
    "coffee", "specialtycoffee", "coffeetime", "coffeelover", "coffeeaddict", "barista",
    "latteart", "espresso", "pourover", "v60", "aeropress", "coldbrew", "singleorigin",
    "ethiopia", "colombia", "kenya", "roastery", "roaster", "portland", "pdx", "oregon",
    "cafe", "coffeeshop", "coffeegram", "instacoffee", "morningcoffee", "butfirstcoffee",
    "coffeebreak", "coffeeculture", "thirdwave", "directtrade", "sustainable", "fresh",
    "emberandoak"))


def long_text(target: int, lo: int | None = None) -> str:
    """Whole paragraphs of PARAGRAPHS, repeated with part numbers, cut to <= target chars."""
    out: list[str] = []
    i = 0
    while True:
        para = PARAGRAPHS[i % len(PARAGRAPHS)]
        if i >= len(PARAGRAPHS):
            para = f"({i // len(PARAGRAPHS) + 1}) {para}"
        candidate = "\n\n".join(out + [para])
        if len(candidate) > target:
            break
        out.append(para)
        i += 1
    text = "\n\n".join(out)
    if lo is not None and len(text) < lo:  # top up with a sentence cut at a word
        pad = " " + PARAGRAPHS[-1]
        text = (text + pad)[:target].rsplit(" ", 1)[0] + "."
    return text


# -- placements --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    label: str
    brand_id: int
    platform: str
    post_type: str | None
    day: int  # days from today (local date of the brand)
    hour: int  # local time
    minute: int
    fields: dict[str, Any]
    status: str | None = None  # forced status, else decided by time
    error_hint: str | None = None  # failures.py cause prefix for a forced FAILED
    extra: dict[str, Any] = field(default_factory=dict)


def _x_over() -> str:
    return ("Thread incoming 🧵 We tasted 42 coffees this week so you don't have to. Here is "
            "every single one, ranked from 'I would drink this every day' to 'interesting, "
            "once': Guji natural, Huila washed, Nyeri AA, Rwanda honey, Brazil pulped natural, "
            "Sumatra wet-hulled, Yemen Haraz, Panama geisha (yes, really), and a decaf that "
            "fooled the whole team. Full list and tasting notes: "
            "https://emberandoak.coffee/blog/42-coffees #coffee #cupping")


def placements() -> list[Hostile]:
    long_ig = long_text(2190, lo=2050)
    over_ig = long_text(2300, lo=2250) + "\n\n" + TAGS_34
    return [
        Hostile("emoji", 144, "instagram", "FEED", 1, 9, 0, {"caption": EMOJI}),
        Hostile("cjk-x-over", 144, "twitter", None, 2, 8, 15, {"tweet_status": CJK_X}),
        Hostile("rtl", 144, "instagram", "FEED", 2, 12, 30, {"caption": RTL}),
        Hostile("combining", 144, "bluesky", None, 3, 10, 0, {"text": COMBINING}),
        Hostile("markup", 144, "facebook", "POST", -1, 11, 0,
                {"message": MARKUP, "link": "https://emberandoak.coffee/sale?a=[1]&b=[/]"}),
        Hostile("escapes", 144, "instagram", "FEED", 0, 23, 50, {"caption": ESCAPES}),
        Hostile("escapes-posted", 144, "linkedin", None, -2, 9, 5, {"text": ESCAPES},
                status="POSTED"),
        Hostile("invisible", 144, "threads", None, 1, 15, 0, {"text": INVISIBLE}),
        Hostile("long-ig", 144, "instagram", "FEED", 3, 7, 30, {"caption": long_ig}),
        Hostile("long-linkedin", 144, "linkedin", None, 4, 8, 0,
                {"text": long_text(2950, lo=2800)}),
        Hostile("long-facebook", 144, "facebook", "POST", -3, 17, 0,
                {"message": long_text(4600, lo=4000), "link": None}, status="POSTED"),
        Hostile("over-ig", 144, "instagram", "FEED", 5, 9, 0, {"caption": over_ig}),
        Hostile("over-x-failed", 144, "twitter", None, -1, 8, 40, {"tweet_status": _x_over()},
                status="FAILED", error_hint="Caption was rejected"),
        Hostile("over-bluesky", 144, "bluesky", None, 6, 12, 0,
                {"text": long_text(330, lo=310) + " 🫘☕🫘"}),
        Hostile("youtube-angle", 144, "youtube", None, 4, 16, 0,
                {"title": "Latte art <fails> compilation [part 1/2] 🎬 | [bold]not bold[/bold]",
                 "description": "Our worst pours of the year.\n<script>alert('x')</script>\n"
                                + MARKUP}),
        Hostile("spotlight-160", 144, "snapchat", "SPOTLIGHT", 2, 16, 30,
                {"description": SPOTLIGHT_160}),
        Hostile("long-word", 144, "facebook", "POST", 1, 10, 0,
                {"message": LONG_WORD, "link": None}),
        Hostile("newlines", 144, "instagram", "FEED", -2, 18, 0, {"caption": NEWLINES},
                status="POSTED"),
        Hostile("pin-markup", 144, "pinterest", None, 3, 19, 0,
                {"note": RTL[:300], "link": "https://emberandoak.coffee/guides/v60?ref=[pin]"},
                extra={"meta_title": "[red]V60[/red] guide ☕ — 步骤 — דליה"}),
        Hostile("multilingual", 3100, "instagram", "FEED", 1, 10, 0,
                {"caption": MULTILINGUAL + "\n\n#museum #harborcity"}),
        Hostile("museum-rtl", 3100, "bluesky", None, -1, 13, 0, {"text": MULTILINGUAL},
                status="POSTED"),
        Hostile("summit-markup", 2000, "twitter", None, 2, 8, 0,
                {"tweet_status": "[SALE] 20% off [/SALE] ⛺🏔️ [link=https://summit.example]"
                                 "here[/link] \x1b[1mbold?\x1b[0m"}),
        Hostile("summit-emoji", 2000, "threads", None, -4, 12, 0,
                {"text": "Trail mix 🥾🏔️⛺🌲🌧️🧗🏽‍♀️🚵🏿‍♂️🏕️ — weather: 🌦️ ~12 °C, wind 40 km/h ↗"}),
    ]
