"""The Word brief's page: its size and language, and the numbers beside the full text's
paragraphs."""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips
from lxml import etree

from annotator.export.brief import A4, BriefOptions

GREY = "595959"
NUMBER_WIDTH = 454  # room for paragraph numbers left of the full text, 0.8 cm
PAGE_SIZES = {"a4": (11906, 16838), "letter": (12240, 15840)}  # twips, portrait
# Languages written right to left, and those Word files under East Asian text.
RIGHT_TO_LEFT_LANGUAGES = frozenset("ar arc ckb dv fa he ks ku ps sd ug ur yi".split())
EAST_ASIAN_LANGUAGES = frozenset("ja ko zh yue".split())


def set_up_page(document: Document, options: BriefOptions) -> None:
    """The page size, and the language every style's text is in (checked by spelling)."""
    section = document.sections[0]
    width, height = PAGE_SIZES[options.page_size]
    section.page_width, section.page_height = Twips(width), Twips(height)
    if options.page_size == A4:  # Word's A4 margins: 2.54 cm all round
        section.left_margin = section.right_margin = Twips(1440)
    language = options.language
    primary = language.split("-")[0].lower()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(r_pr, qn("w:lang"))
    lang.set(qn("w:val"), language)
    if primary in RIGHT_TO_LEFT_LANGUAGES:
        lang.set(qn("w:bidi"), language)
    if primary in EAST_ASIAN_LANGUAGES:
        lang.set(qn("w:eastAsia"), language)
    theme = document.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)
    document.core_properties.language = language


class ParagraphNumbers:
    """Lists that number the full text's paragraphs.

    The numbers are list numbers, which Word draws beside the paragraph but which are
    not text, so no comment's range ever holds one. A new list starts after each
    paragraph left out, so that the numbers skip it.
    """

    def __init__(self, document: Document) -> None:
        self.numbering = document.part.numbering_part.element
        abstract = self.numbering.iter(qn("w:abstractNum"))
        self.last_abstract = max((int(e.get(qn("w:abstractNumId"))) for e in abstract), default=0)
        nums = self.numbering.iter(qn("w:num"))
        self.last_num = max((int(e.get(qn("w:numId"))) for e in nums), default=0)

    def starting_at(self, start: int) -> int:
        """A new list numbering paragraphs from `start`; its numId."""
        self.last_abstract += 1
        self.last_num += 1
        abstract_id, num_id = self.last_abstract, self.last_num
        level = (
            f'<w:abstractNum w:abstractNumId="{abstract_id}">'
            '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0">'
            f'<w:start w:val="{start}"/><w:numFmt w:val="decimal"/><w:suff w:val="tab"/>'
            '<w:lvlText w:val="%1"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{NUMBER_WIDTH}"/></w:tabs>'
            f'<w:ind w:left="{NUMBER_WIDTH}" w:hanging="{NUMBER_WIDTH}"/></w:pPr>'
            f'<w:rPr><w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>'
            "</w:lvl></w:abstractNum>"
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
        abstract, num = etree.fromstring(f"<w:numbering {nsdecls('w')}>{level}</w:numbering>")
        first_num = self.numbering.find(qn("w:num"))
        if first_num is None:
            self.numbering.append(abstract)
        else:
            first_num.addprevious(abstract)
        self.numbering.append(num)
        return num_id
