"""The content blocks staff can use on pages: the NHS.UK frontend's, plus rich text."""

from wagtail import blocks
from wagtailnhsukfrontend.blocks import (
    ActionLinkBlock,
    CardGroupBlock,
    CareCardBlock,
    DetailsBlock,
    DoBlock,
    DontBlock,
    ExpanderGroupBlock,
    InsetTextBlock,
    SummaryListBlock,
    WarningCalloutBlock,
)

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ContentStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label="Text")
    action_link = ActionLinkBlock(label="Action link")
    inset_text = InsetTextBlock(label="Inset text")
    warning_callout = WarningCalloutBlock(label="Warning callout")
    care_card = CareCardBlock(label="Care card")
    details = DetailsBlock(label="Details (show and hide)")
    expander_group = ExpanderGroupBlock(label="Expanders")
    do_list = DoBlock(label="Do list")
    dont_list = DontBlock(label="Don't list")
    summary_list = SummaryListBlock(label="Summary list")
    card_group = CardGroupBlock(label="Cards")

    class Meta:
        required = False
