"""How much work one attachment may cost before we stop and hand it to an officer.

A hostile or broken file must cost intake milliseconds, not the ~80 s and ~1 GB that a
36 KB .docx expanding to millions of empty paragraphs once did. The limits are checked
on what a file *declares* (a zip's member sizes, counted before anything is parsed) and
on what we read (elements, pages, characters), never on a clock, so a file is treated the
same on a busy machine as on a quiet one.

The limits on parsing work (elements, XML tags, PDF page contents) are shared by all the
forms of one message (`Budget.after`), so five hostile attachments cost what one does.

Measured under load (2 shared cores, load average ~7; see the attachment tests):
the 44 KB docx bomb declaring 30 MB is refused in ~0.1 ms with no memory to speak of;
the worst .docx these limits let through (~200,000 tags) costs 0.2-0.4 s and ~25 MB;
the PDF bomb (50 MB of content in 49 KB) stops inside pypdf in ~30 ms and ~4 MB; the
densest PDF page the content budget admits 0.6-0.8 s; a normal PDF form ~8 ms, a
normal Word form ~1-3 ms since only its main document part is parsed (was ~30 ms).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Budget:
    # Word (.docx is a zip of XML parts; only the main document and the two small parts
    # that find it are parsed, the others' declared sizes are still checked).
    zip_members: int = 1_000  # a Word form has ~20; images add a few each
    unzipped_bytes: int = 20_000_000  # all members, as declared
    xml_bytes: int = 8_000_000  # the XML members, as declared
    # Every "<" in the XML parts parsed, a cheap upper bound on the elements lxml builds
    # (~200 bytes of memory each), counted before each is parsed. The public sample 07's
    # parts hold 25,000, mostly styles, which are not parsed; its document ~500.
    xml_tags: int = 200_000
    # Paragraphs, table cells and content controls read from the body of one document
    # (~50-100 microseconds each). A ten-page form has a few hundred.
    elements: int = 3_000
    # PDF
    pdf_pages: int = 20
    pdf_fields: int = 500
    # Decompressed page contents read across all pages. A page of text exported from Word
    # holds 5-40 KB; pypdf extracts text at ~4 MB/s of dense instructions on this machine.
    pdf_content_bytes: int = 100_000
    # Text kept from one attachment, and forms read from one message.
    chars: int = 100_000
    attachments: int = 5

    def after(self, elements: int, tags: int, drawn: int) -> Budget | None:
        """What is left for a message's next attachment, or None when nothing is: the
        limits on parsing work are shared by all the forms of one message."""
        left = replace(
            self,
            elements=self.elements - elements,
            xml_tags=self.xml_tags - tags,
            pdf_content_bytes=self.pdf_content_bytes - drawn,
        )
        if min(left.elements, left.xml_tags, left.pdf_content_bytes) <= 0:
            return None
        return left


DEFAULT = Budget()


def pypdf_limits(budget: Budget) -> dict[str, int]:
    """pypdf's own resource limits (pypdf.Configuration), far below its defaults of ~75 MB.

    A referral form's streams are kilobytes; these stop decompression bombs, huge arrays
    and deep page or field trees inside pypdf, where we cannot count for ourselves.
    """
    return {
        "maximum_declared_stream_length": 5_000_000,
        "array_based_stream_maximum_output_length": 5_000_000,
        "array_maximum_element_count": 20_000,
        "dictionary_maximum_element_count": 5_000,
        "jbig2_maximum_output_length": 5_000_000,
        "lzw_maximum_output_length": 5_000_000,
        "run_length_maximum_output_length": 5_000_000,
        "zlib_maximum_output_length": 2_000_000,
        "zlib_maximum_recovery_input_length": 1_000_000,
        "brotli_maximum_output_length": 5_000_000,
        "image_maximum_buffer_size": 5_000_000,
        "stream_decoding_work_maximum_length": 20_000_000,
        "stream_parsing_work_maximum_count": 30_000,
        "xmp_maximum_input_length": 500_000,
        "xmp_maximum_element_count": 10_000,
        "outline_maximum_entries": 1_000,
        "outline_maximum_depth": 20,
        "page_tree_maximum_entries": max(100, budget.pdf_pages * 10),
        "page_tree_maximum_depth": 20,
        "page_tree_maximum_page_entries": 10_000,
        "form_fields_maximum_entries": budget.pdf_fields * 4,
        "form_fields_maximum_depth": 20,
        "named_destinations_maximum_entries": 1_000,
        "named_destinations_maximum_depth": 20,
        "xform_maximum_invocations_per_extraction": 200,
        "xfa_decoding_work_maximum_length": 5_000_000,
    }
