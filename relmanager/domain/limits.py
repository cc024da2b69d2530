"""How much of one contact the app keeps: the single definition of the field limits.

The same limits bind the contact form, the command line, import and sync, so a value that
could not be typed cannot arrive through a file either. They are generous for people (nobody
has fifty e-mail addresses or a 200-character name) and small enough that one hostile card
(100,000 categories, a 20 MB name, a 200 MB photo) costs bounded time and memory and cannot
swell the database, the search text or the full-text index.
"""

from __future__ import annotations

#: Characters in a name (display, first, last name).
MAX_NAME = 200
#: Characters in a free text (notes, intent, how and where met, organisation, title).
MAX_TEXT = 100_000
#: Characters in one e-mail address (RFC 5321: 64 before the @, 254 in all).
MAX_EMAIL = 254
MAX_EMAIL_LOCAL = 64
#: Characters in a phone number, a label, a link.
MAX_PHONE = 100
MAX_LABEL = 100
MAX_URL = 2_000
#: How many of each a contact keeps; what a file has beyond this is skipped and reported.
MAX_EMAILS = 50
MAX_PHONES = 50
MAX_LINKS = 50
MAX_TAGS = 100
#: Contacts read from one file. An address book is rarely a tenth of this; a file of
#: tiny broken rows could otherwise turn 4 MB into 400,000 records (400 MB). The rest of
#: such a file is not read, and the preview says so.
MAX_CONTACTS_PER_FILE = 100_000
#: Characters of a tag name.
MAX_TAG = 200
#: People named as introducers (RELATED): the first one is used.
MAX_RELATED = 10
#: Bytes of a photo as found in a file, before it is decoded. A contact photo is a few
#: hundred kB; anything above this is refused before decoding, so no reader ever holds more.
MAX_PHOTO_BYTES = 10 * 1024 * 1024
#: Pixels of the decoded image (width x height): a 20,000 x 20,000 PNG of a few kB would
#: otherwise take 1.6 GB to decode.
MAX_PHOTO_PIXELS = 40_000_000
#: The longest side of the thumbnail the app stores in place of an imported photo.
PHOTO_SIDE = 256
#: The card a contact came from, kept so that another app's properties Relmanager does
#: not read (an address, IMPP, X- properties, parameters) go back out byte for byte with
#: an export or a first sync: at most this many characters and content lines, inline
#: photos left out (the photo is kept as a field). A card with more (10,000 unknown
#: properties, a 5 MB one) is imported with its fields only, and the preview says so.
MAX_KEPT_CARD = 256 * 1024
MAX_KEPT_LINES = 2_000
