"""Figures (money, percentages, counts with units, ranges) and dates and times. No Qt.

Found by patterns with lexicons for English, French, Spanish, German and Arabic, and
normalised where the text allows: money as "GBP 18600000", a date as ISO 8601 ("2026-03-31",
"XXXX-05-01" when the year is not said, "2021-03" for a month), a relative date against the
day the article was published when that is known. Offsets are code points.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import ahocorasick

from annotator.pieces import LONGER_IN_LOWER_CASE, scan, scan_lower_case

# A number as newsrooms write it: 1,240 / 18.6 / 1 240 / 3.000.000 / ١٢٣ (any script's digits).
_NUMBER = r"(?<![\w.,])\d{1,3}(?:(?:,|\.|\u00a0|\u202f| )\d{3})+(?:[.,]\d+)?(?!\d)|(?<![\w.,])\d+(?:[.,]\d+)?(?![\d])"
_SCALE = (
    r"(?:trillion|billion|million|thousand|bn|mn|m|k|tn|milliards?|millions?|mille|"
    r"mil\s+millones|millones|millón|mil|Milliarden|Milliarde|Millionen|Million|Mrd\.|Mio\.|"
    r"Tsd\.|مليارات|مليار|ملايين|مليون|آلاف|ألف)"
)
_CURRENCY_SIGN = r"(?:US\$|C\$|A\$|NZ\$|HK\$|R\$|\$|£|€|¥|₹|₽|₩|₺|₪|₦)"
_CURRENCY_CODE = r"(?:USD|EUR|GBP|CHF|JPY|CNY|INR|SAR|AED|EGP|QAR|KWD|MAD|TND|DZD|LBP|JOD|BHD|OMR)"
_CURRENCY_WORD = (
    r"(?:US dollars|dollars?|euros?|pounds(?: sterling)?|pence|cents?|yen|yuan|rupees?|francs?|"
    r"riyals?|dirhams?|dinars?|pesos?|roubles?|rubles?|livres?|dólares|libras|céntimos|"
    r"Euro|Dollar|Franken|Pfund|Cent|دولار(?:ا|ات)?|يورو|جنيه(?:ات)?|ريال(?:ات)?|درهم|دينار|ليرة)"
)
_CODE_VALUE = {"$": "USD", "US$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR",
               "₽": "RUB", "₩": "KRW", "₺": "TRY", "₪": "ILS", "₦": "NGN", "C$": "CAD",
               "A$": "AUD", "NZ$": "NZD", "HK$": "HKD", "R$": "BRL"}  # fmt: skip
_PERCENT = (
    r"(?:%|٪|\s?per\s?cent|\s?percent|\s?pour\s?cent|\s?por\s?ciento|\s?Prozent|"
    r"\s?بالمئة|\s?بالمائة|\s?في\s?المئة|\s?في\s?المائة)"
)
_UNITS = (
    # English
    "people persons residents inhabitants homes houses households families jobs workers "
    "employees staff deaths dead killed injured wounded victims cases patients children "
    "students pupils passengers votes voters seats troops soldiers officers refugees "
    "migrants members tonnes tons kilometres kilometers km miles metres meters hectares "
    "acres kg kilograms litres liters barrels gallons megawatts MW GW kWh beds vehicles "
    "cars flights buildings schools hospitals villages countries companies businesses "
    "signatures arrests prisoners hostages protesters doctors nurses teachers flats "
    "properties trees animals cattle sheep "
    # French
    "personnes habitants morts blessés emplois salariés élèves logements voix sièges "
    "soldats réfugiés tonnes kilomètres mètres litres barils victimes cas familles "
    "manifestants médecins enseignants entreprises "
    # Spanish
    "personas habitantes muertos heridos empleos trabajadores votos escaños soldados "
    "refugiados migrantes toneladas kilómetros metros hectáreas litros barriles víctimas "
    "casos viviendas familias manifestantes médicos empresas "
    # German
    "Menschen Personen Einwohner Tote Toten Verletzte Arbeitsplätze Stellen Beschäftigte "
    "Stimmen Sitze Soldaten Flüchtlinge Migranten Tonnen Kilometer Meter Hektar Liter "
    "Barrel Opfer Fälle Wohnungen Haushalte Familien Demonstranten Ärzte Unternehmen "
    # Arabic
    "شخص أشخاص شخصا قتيل قتيلا قتلى جريح جرحى مصاب مصابا مصابين لاجئ لاجئا لاجئين جندي "
    "جنود طن كيلومتر كيلومترا كم متر مترا هكتار برميل صوت صوتا مقعد مقعدا منزل منازل "
    "وظيفة وظائف حالة حالات مواطن مواطنا مواطنين طفل طفلا أطفال"
).split()
_UNIT = "(?:" + "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True)) + r")(?!\w)"
_RANGE_JOIN = r"(?:\s?[-–—]\s?|\s(?:to|and|à|et|a|y|bis|und|إلى)\s)"

_MONEY_BEFORE = rf"(?:{_CURRENCY_SIGN}\s?|{_CURRENCY_CODE}\s?)(?:{_NUMBER})(?:\s?{_SCALE}(?!\w))?"
_MONEY_AFTER = (
    rf"(?:{_NUMBER})(?:\s?{_SCALE})?(?:\s?(?:de\s|of\s)?)(?:{_CURRENCY_SIGN}|{_CURRENCY_CODE}(?!\w)|"
    rf"{_CURRENCY_WORD}(?!\w))"
)
_FIGURE = re.compile(
    rf"(?P<money>{_MONEY_BEFORE}|{_MONEY_AFTER})"
    rf"|(?P<percent>(?:{_NUMBER}){_PERCENT}(?:\s(?:percentage\s)?points?)?)"
    rf"|(?P<count>(?:{_NUMBER})(?:\s{_SCALE})?\s(?:(?:more|new|other|extra|de|d’|d')\s?)?{_UNIT})"
)
_SIGN_BEFORE = re.compile(rf"(?:{_CURRENCY_SIGN}|{_CURRENCY_CODE})\s?$")
_RANGE_START = re.compile(
    rf"(?:{_CURRENCY_SIGN}|{_CURRENCY_CODE}\s)?(?:{_NUMBER})(?:\s?{_SCALE})?{_RANGE_JOIN}$"
)

MONTHS = {
    # English, French, Spanish, German, Arabic (Egyptian and Levantine names)
    "January": 1, "Jan.": 1, "February": 2, "Feb.": 2, "March": 3, "April": 4, "Apr.": 4,
    "May": 5, "June": 6, "July": 7, "August": 8, "Aug.": 8, "September": 9, "Sept.": 9,
    "Sep.": 9, "October": 10, "Oct.": 10, "November": 11, "Nov.": 11, "December": 12,
    "Dec.": 12,
    "janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12,
    "Januar": 1, "Jänner": 1, "Februar": 2, "März": 3, "Juni": 6, "Juli": 7, "Oktober": 10,
    "Dezember": 12,
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6,
    "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12, "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4,
    "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10,
    "تشرين الثاني": 11, "كانون الأول": 12,
}  # fmt: skip
for _name, _number in list(MONTHS.items()):
    if _name[:1].islower():
        MONTHS[_name.capitalize()] = _number  # "Mars 2021" at the start of a sentence
WEEKDAYS = {
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5,
    "Sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4,
    "samedi": 5, "dimanche": 6, "lunes": 0, "martes": 1, "miércoles": 2, "jueves": 3,
    "viernes": 4, "sábado": 5, "domingo": 6, "Montag": 0, "Dienstag": 1, "Mittwoch": 2,
    "Donnerstag": 3, "Freitag": 4, "Samstag": 5, "Sonntag": 6, "الاثنين": 0, "الإثنين": 0,
    "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6,
}  # fmt: skip
_MONTHS = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_MONTH = rf"(?P<month>{_MONTHS})(?!\w)"
_MONTH2 = rf"(?P<month2>{_MONTHS})(?!\w)"
_WEEKDAYS = "|".join(sorted(map(re.escape, WEEKDAYS), key=len, reverse=True))
_WEEKDAY = rf"(?:{_WEEKDAYS})(?!\w)"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?!\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"
_DAY2 = _DAY.replace("?P<day>", "?P<day2>")
_RELATIVE_WORDS = {
    # word -> days from the day of publication (None: a period, not a day)
    "today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "aujourd’hui": 0,
    "aujourd'hui": 0, "hier": -1, "demain": 1, "hoy": 0, "ayer": -1, "heute": 0,
    "gestern": -1, "vorgestern": -2, "übermorgen": 2, "اليوم": 0, "أمس": -1, "الأمس": -1,
    "غدا": 1, "غداً": 1,
}  # fmt: skip
_RELATIVE = (
    r"(?:(?:last|next|this|past|coming|previous)\s(?:week(?:end)?|month|year|spring|summer|"
    r"autumn|fall|winter|" + _WEEKDAYS + r")(?!\w)"
    r"|(?:earlier|later)\sthis\s(?:week|month|year)"
    r"|(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s(?:days?|weeks?|months?|years?)\sago"
    r"|il\sy\sa\s\d+\s(?:jours|semaines|mois|ans)"
    r"|(?:la\s(?:semaine|année)\s(?:dernière|prochaine)|le\smois\s(?:dernier|prochain)|l’an\sdernier|l'an\sdernier)"
    r"|(?:la\ssemana|el\smes|el\saño)\s(?:pasad[ao]|próxim[ao]|que\sviene)|hace\s\d+\s(?:días|semanas|meses|años)"
    r"|(?:letzte|nächste|vergangene|kommende)[nrs]?\s(?:Woche|Monat|Jahr|Jahres|Monats)|vor\s\d+\s(?:Tagen|Wochen|Monaten|Jahren)"
    r"|(?:الأسبوع|الشهر|العام)\s(?:الماضي|المقبل|القادم)"
    r"|(?:" + "|".join(map(re.escape, sorted(_RELATIVE_WORDS, key=len, reverse=True))) + r")(?!\w)"
    r"|(?:noon|midnight|midday|minuit|midi|mediodía|medianoche|Mitternacht)(?!\w)"
    r"|(?:(?:on|last|next|this|le|el|am|يوم|early|late|earlier|later)\s)?(?:" + _WEEKDAYS + r")"
    r"(?:\s(?:morning|afternoon|evening|night|matin|soir|mañana|tarde|noche|Morgen|Abend))?(?!\w)"
    r"|(?:last\snight|this\s(?:morning|afternoon|evening)|(?:the\s)?(?:mid-)?(?:19|20)\d0s)(?!\w))"
)
_TIME = (
    r"(?P<hour>[012]?\d)(?:[:.h](?P<minute>[0-5]\d))?\s?(?P<meridiem>[ap]\.?m\.?(?!\w)|Uhr(?!\w))"
    r"|(?P<hour2>[012]?\d)[:h](?P<minute2>[0-5]\d)(?!\d)"
)
# Dates are found from their anchors (a month's name, digits, a relative word), then read
# around: one pattern of every form tried at every offset would take seconds for 1 MB.
_MONTH_NAMES = ahocorasick.Automaton()
for _name in MONTHS:
    _MONTH_NAMES.add_word(_name, _name)
_MONTH_NAMES.make_automaton()
_LONGEST_MONTH = max(map(len, MONTHS))
_DAY_BEFORE = re.compile(r"(?:the\s)?(?<!\d)([0-3]?\d)(?:st|nd|rd|th|er|º|\.)?\s(?:de\s|of\s)?$")
_DAY_AFTER = re.compile(r"\s([0-3]?\d)(?:st|nd|rd|th)?(?![\d:])(?:,?\s((?:1[89]|20)\d\d)(?!\d))?")
_YEAR_AFTER = re.compile(r",?\s(?:de\s|of\s)?((?:1[89]|20)\d\d)(?!\d)")
_MONTH_PREPOSITION = re.compile(
    r"(?:in|since|by|until|early|late|mid-|en|im|seit|depuis|desde|في)\s?$"
)
_WEEKDAY_BEFORE = re.compile(rf"(?:{_WEEKDAYS}),?\s$")
_DIGITS = re.compile(
    r"(?P<iso>(?<!\d)(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d))(?!\d)"
    r"|(?P<numeric>(?<![\d/.])(?P<n1>[0-3]?\d)[/.](?P<n2>[0-3]?\d)[/.](?P<ny>(?:19|20)\d\d)(?!\d))"
    rf"|(?P<time>{_TIME})"
    r"|(?P<decade>(?<![\d.,])(?:19|20)\d0s)(?!\w)"
    r"|(?P<year>(?<![\d.,])(?:1[89]|20)\d\d(?![\d.,]\d|\d))"
)
_DIGIT_RUN = re.compile(r"(?<!\d)\d")
_YEAR_PREPOSITION = re.compile(
    r"(?:in|since|by|until|from|of|en|depuis|desde|im|seit|bis|عام|سنة|منذ)\s$"
)
_RELATIVE_HIT = re.compile(_RELATIVE, re.IGNORECASE)
# Every relative phrase holds one of these words: they are found first (Aho-Corasick, in
# one pass), and the phrase read around them.
_RELATIVE_ANCHORS = (
    "week weekend month year spring summer autumn fall winter ago today yesterday tomorrow "
    "tonight aujourd’hui aujourd'hui hier demain hoy ayer heute gestern vorgestern übermorgen "
    "اليوم أمس الأمس غدا غداً noon midnight midday minuit midi mediodía medianoche mitternacht "
    "night morning afternoon evening semaine année mois an jours semanas semana mes año días "
    "meses años woche monat jahr jahres monats tagen wochen monaten jahren الأسبوع الشهر العام"
).split() + [day.casefold() for day in WEEKDAYS]
_WORD_START = re.compile(r"(?<!\w)\w")
_ANCHORS = ahocorasick.Automaton()
for _anchor in _RELATIVE_ANCHORS:
    _ANCHORS.add_word(_anchor, len(_anchor))
_ANCHORS.make_automaton()
_LONGEST_ANCHOR = max(map(len, _RELATIVE_ANCHORS))
_NOT_A_YEAR = re.compile(rf"\s?(?:%|{_UNIT})|[\w-]")  # 2000 people, 2012-page
_DAY_OF_MONTH = re.compile(r"\d+")


@dataclass(slots=True)  # not frozen: thousands are made for one article
class Found:
    """A figure or a date: its span (code points), its form and its normalised value."""

    start: int
    end: int
    form: str  # money, percent, count, range; date, time, relative
    value: str
    confidence: float


def find_figures(text: str, stop: Callable[[], bool] | None = None) -> list[Found]:
    """Money with its currency, percentages, counts with their unit, and ranges of these
    (those found so far, once `stop` says so)."""
    found: list[Found] = []
    for match in _figure_matches(text):
        if stop is not None and stop():
            break
        form = match.lastgroup or "count"
        start, end = match.span()
        exact = match.group()
        before = _RANGE_START.search(text, max(0, start - 40), start)
        if before is not None and before.end() == start:
            start, form = before.start(), "range"
        confidence = {"money": 0.9, "percent": 0.95, "count": 0.7, "range": 0.85}[form]
        while found and found[-1].end > start:
            if found[-1].start < start:
                break
            found.pop()  # "$5m-$10m": the first figure is the start of a range
        if found and found[-1].end > start:
            continue
        found.append(
            Found(start, end, form, _figure_value(form, exact, text[start:end]), confidence)
        )
    return found


def _figure_matches(text: str) -> Iterator[re.Match[str]]:
    """The figure patterns, tried only where a number starts: one pattern of every form
    tried at every offset would take a second for 1 MB."""
    end = 0
    for run in _DIGIT_RUN.finditer(text):
        at = run.start()
        if at < end:
            continue
        match = _FIGURE.match(text, at, at + 120)
        if match is None:  # "$5m", "EUR 300": the currency before the number
            sign = _SIGN_BEFORE.search(text, max(end, at - 5), at)
            match = sign and _FIGURE.match(text, sign.start(), at + 120)
        if match:
            end = match.end()
            yield match


def _figure_value(form: str, exact: str, whole: str) -> str:
    if form == "percent":  # "١٢٪" -> "12%", as "12%" is
        number = re.search(r"\d[\d.,]*", exact)
        return f"{_ascii_digits(number.group())}%" if number else ""
    if form != "money":
        return ""
    sign = re.search(rf"{_CURRENCY_SIGN}|{_CURRENCY_CODE}", exact)
    code = ""
    if sign:
        code = _CODE_VALUE.get(sign.group(), sign.group())
    number = re.search(r"\d[\d.,\u00a0\u202f ]*\d|\d", exact)
    if not number:
        return ""
    amount = _amount(number.group(), exact[number.end() :])
    return f"{code} {amount}".strip() if amount else ""


def _ascii_digits(text: str) -> str:
    """Digits of any script (Arabic-Indic, Devanagari, Bengali…) as 0-9."""
    return "".join(str(int(char)) if char.isdecimal() else char for char in text)


def _amount(digits: str, rest: str) -> str:
    """18.6 + "million" -> 18600000; 1,240 -> 1240 (a separator before three digits groups)."""
    digits = digits.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", digits):
        number = float(re.sub(r"[,.]", "", digits))
    else:
        try:
            number = float(digits.replace(",", "."))
        except ValueError:
            return ""
    scale = re.match(r"\s?(\w+)", rest)
    factors = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "millions": 1e6,
               "millones": 1e6, "millionen": 1e6, "mio": 1e6, "billion": 1e9, "bn": 1e9,
               "milliards": 1e9, "milliard": 1e9, "milliarden": 1e9, "mrd": 1e9,
               "trillion": 1e12, "tn": 1e12, "مليون": 1e6, "مليار": 1e9}  # fmt: skip
    if scale:
        number *= factors.get(scale.group(1).casefold(), 1)
    return f"{number:.0f}" if number == int(number) else f"{number:g}"


def find_dates(
    text: str, published: date | None = None, stop: Callable[[], bool] | None = None
) -> list[Found]:
    """Absolute and relative dates and times; relative ones dated from `published` if given
    (those found so far, once `stop` says so)."""
    stop = stop or _never
    found = [
        *_month_dates(text, stop),
        *_digit_dates(text, stop),
        *_relative_dates(text, published, stop),
    ]
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Found] = []
    for item in found:
        if kept and item.start < kept[-1].end:
            continue  # "1 May 2024" holds "2024": the longer one stands
        kept.append(item)
    return kept


def _never() -> bool:
    return False


def _month_dates(text: str, stop: Callable[[], bool] = _never) -> list[Found]:
    found = []
    length = len(text)
    for last, name in scan(_MONTH_NAMES, text, _LONGEST_MONTH, stop):  # (asked between
        # pieces too: few months in a long text, and the window waits on a long stretch)
        if stop():
            break
        start, end = last - len(name) + 1, last + 1
        if (start and _in_word(text[start - 1])) or (end < length and _in_word(text[end])):
            continue  # "Mayor", "Marchés": a longer word
        month = MONTHS[name]
        year = None
        before = _DAY_BEFORE.search(text, max(0, start - 12), start)
        after_day = _DAY_AFTER.match(text, end)
        if before is not None:
            start, day = before.start(), before.group(1)
            after = _YEAR_AFTER.match(text, end)
            if after:
                end, year = after.end(), after.group(1)
            value = _ymd(year, month, day)
        elif after_day is not None:
            end, day, year = after_day.end(), after_day.group(1), after_day.group(2)
            value = _ymd(year, month, day)
        elif (after := _YEAR_AFTER.match(text, end)) is not None and "," not in after.group()[:1]:
            end, value = after.end(), f"{after.group(1)}-{month:02d}"
        elif _MONTH_PREPOSITION.search(text, max(0, start - 7), start):
            value = f"XXXX-{month:02d}"
        else:
            continue  # "May" the verb, "March" the walk
        if value is None:
            continue
        weekday = _WEEKDAY_BEFORE.search(text, max(0, start - 14), start)
        if weekday is not None:
            start = weekday.start()
        found.append(Found(start, end, "date", value, 0.9 if "X" not in value else 0.7))
    return found


def _in_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _digit_dates(text: str, stop: Callable[[], bool] = _never) -> list[Found]:
    found = []
    for run in _DIGIT_RUN.finditer(text):
        if stop():
            break
        match = _DIGITS.match(text, run.start())
        if match is None:
            continue
        groups = match.groupdict()
        confidence, kind = 0.9, "date"
        if groups["iso"]:
            value = groups["iso"]
        elif groups["numeric"]:
            first, second, year = int(groups["n1"]), int(groups["n2"]), groups["ny"]
            value = ""
            if first > 12 and second <= 12:
                value = f"{year}-{second:02d}-{first:02d}"
            elif second > 12 and first <= 12:
                value = f"{year}-{first:02d}-{second:02d}"
            confidence = 0.7
        elif groups["time"]:
            kind, value, confidence = "time", _time(groups), 0.8
        elif groups["decade"]:
            value, confidence = groups["decade"][:3] + "X", 0.8  # the 1990s: 199X
        else:
            start = match.start()
            confidence = 0.7
            if not _YEAR_PREPOSITION.search(text, max(0, start - 7), start):
                if _NOT_A_YEAR.match(text, match.end()) or text[start - 1 : start] in "$£€#":
                    continue
                confidence = 0.6  # a year on its own: "the 2012 election", "in 2012"
            value = match.group()
        found.append(Found(match.start(), match.end(), kind, value, confidence))
    return found


def _relative_matches(text: str, stop: Callable[[], bool] = _never) -> Iterator[re.Match[str]]:
    if LONGER_IN_LOWER_CASE.search(text):  # a letter whose lower case is longer: read it all
        yield from _RELATIVE_HIT.finditer(text)
        return
    end = 0
    for last, size in scan_lower_case(_ANCHORS, text, _LONGEST_ANCHOR, stop):
        first = last - size + 1
        # (A letter and its lower case are both letters or neither: a final sigma too.)
        if first < end or (first and text[first - 1].lower().isalnum()):
            continue
        if last + 1 < len(text) and text[last + 1].lower().isalnum():
            continue
        # The phrase starts at the anchor or a few words before it ("il y a 3 jours").
        starts = [m.start() for m in _WORD_START.finditer(text, max(end, first - 30), first)]
        for start in (*starts, first):
            match = _RELATIVE_HIT.match(text, start, last + 25)
            if match is not None and match.end() > first:
                end = match.end()
                yield match
                break


def _relative_dates(
    text: str, published: date | None, stop: Callable[[], bool] = _never
) -> list[Found]:
    found = []
    for match in _relative_matches(text, stop):
        if stop():
            break
        phrase = match.group()
        start = match.start()
        if phrase.split()[0].casefold() in ("on", "le", "el", "am", "يوم"):
            start = match.start() + len(phrase.split()[0]) + 1  # the day, not "on"
        found.append(Found(start, match.end(), "relative", _relative(phrase, published), 0.75))
    return found


def _ymd(year: str | None, month: int, day: str) -> str | None:
    number = int(_DAY_OF_MONTH.search(day).group())
    if not 1 <= number <= 31:
        return None
    return f"{year or 'XXXX'}-{month:02d}-{number:02d}"


def _time(groups: dict[str, str | None]) -> str:
    hour = groups["hour"] or groups["hour2"]
    if hour is None:
        return ""
    minute = int(groups["minute"] or groups["minute2"] or 0)
    number = int(hour)
    meridiem = (groups["meridiem"] or "").casefold()
    if meridiem.startswith("p") and number < 12:
        number += 12
    elif meridiem.startswith("a") and number == 12:
        number = 0
    return f"T{number:02d}:{minute:02d}" if number < 24 else ""


def _relative(phrase: str, published: date | None) -> str:
    """The day a relative date names, when the day of publication is known."""
    if published is None:
        return ""
    words = phrase.casefold().split()
    offset = _RELATIVE_WORDS.get(phrase.casefold())
    if offset is not None:
        return (published + timedelta(days=offset)).isoformat()
    weekday = next((WEEKDAYS[w] for w in WEEKDAYS if w.casefold() == words[-1]), None)
    if weekday is not None:
        back = (published.weekday() - weekday) % 7
        if words[0] == "next":
            return (
                published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
            ).isoformat()
        return (published - timedelta(days=back or (7 if words[0] == "last" else 0))).isoformat()
    ago = re.match(r"(\d+) (day|week)s? ago", phrase.casefold())
    if ago:
        days = int(ago.group(1)) * (7 if ago.group(2) == "week" else 1)
        return (published - timedelta(days=days)).isoformat()
    if words[-1] in ("year", "month") and words[0] in ("last", "this", "next"):
        shift = {"last": -1, "this": 0, "next": 1}[words[0]]
        if words[-1] == "year":
            return str(published.year + shift)
        month = published.month - 1 + shift
        return f"{published.year + month // 12}-{month % 12 + 1:02d}"
    return ""
