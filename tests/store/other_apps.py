"""Cards in the shapes other apps export (Apple Contacts, Google Contacts, Thunderbird,
khard), each with properties and parameters Relmanager has no field for, and those lines
as the file has them: what an import must keep byte for byte."""

from __future__ import annotations

import base64

PHOTO = base64.b64encode(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(200)) + b"\xff\xd9")
_FOLDED_PHOTO = "\r\n ".join(
    (f"PHOTO;ENCODING=b;TYPE=JPEG:{PHOTO.decode()}")[i:i + 74]
    for i in range(0, len(f"PHOTO;ENCODING=b;TYPE=JPEG:{PHOTO.decode()}"), 74))

#: Apple Contacts (macOS 14): label groups, an address with its country code, IMPP with
#: Apple's service parameter, a related name, the "show as" mark, an inline photo.
APPLE = ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.4//EN\r\n"
         "N:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\nORG:Analytical Engines;Research\r\n"
         "item1.EMAIL;type=INTERNET;type=pref:ada@engines.example\r\n"
         "item1.X-ABLabel:_$!<Other>!$_\r\n"
         "TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0001\r\n"
         "item2.ADR;type=HOME;type=pref:;;12 St James Square;London;;SW1Y 4JH;United Kingdom\r\n"
         "item2.X-ABADR:gb\r\n"
         "item3.X-ABRELATEDNAMES;type=pref:Lord Byron\r\n"
         "item3.X-ABLabel:_$!<Father>!$_\r\n"
         "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10\r\n"
         "IMPP;X-SERVICE-TYPE=Skype;type=HOME;type=pref:skype:ada.lovelace\r\n"
         "X-ABShowAs:PERSON\r\n"
         f"{_FOLDED_PHOTO}\r\n"
         "X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson\r\n"
         "UID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson\r\nEND:VCARD\r\n")
APPLE_KEPT = [
    "item2.ADR;type=HOME;type=pref:;;12 St James Square;London;;SW1Y 4JH;United Kingdom\r\n",
    "item2.X-ABADR:gb\r\n", "item3.X-ABRELATEDNAMES;type=pref:Lord Byron\r\n",
    "item3.X-ABLabel:_$!<Father>!$_\r\n",
    "IMPP;X-SERVICE-TYPE=Skype;type=HOME;type=pref:skype:ada.lovelace\r\n",
    "X-ABShowAs:PERSON\r\n", "X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson\r\n",
    "item1.EMAIL;type=INTERNET;type=pref:ada@engines.example\r\n",
    "item1.X-ABLabel:_$!<Other>!$_\r\n",
]

#: Google Contacts' vCard 3.0 export: a nickname, a gender, an address, a labelled URL,
#: Google's own id, a UID that is a URL.
GOOGLE = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nN:Turing;Alan;Mathison;;OBE\r\n"
          "NICKNAME:Prof\r\nEMAIL;TYPE=INTERNET;TYPE=HOME:alan@bletchley.example\r\n"
          "TEL;TYPE=CELL:+44 1908 640404\r\n"
          "ADR;TYPE=HOME:;;Sherwood Drive;Bletchley;;MK3 6EB;United Kingdom\r\n"
          "GENDER:M\r\nCATEGORIES:myContacts,Cryptography\r\n"
          "X-GOOGLE-ID:c1234567890\r\n"
          "UID:https://www.google.com/m8/feeds/contacts/me/base/1a2b3c\r\nEND:VCARD\r\n")
GOOGLE_KEPT = [
    "N:Turing;Alan;Mathison;;OBE\r\n", "NICKNAME:Prof\r\n",
    "ADR;TYPE=HOME:;;Sherwood Drive;Bletchley;;MK3 6EB;United Kingdom\r\n",
    "GENDER:M\r\n", "X-GOOGLE-ID:c1234567890\r\n",
]

#: Thunderbird 115's vCard 4.0: PREF and VALUE parameters, IMPP, a GEO position, its
#: own X- property.
THUNDERBIRD = ("BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL;PREF=1:barbara@liskov.example\r\n"
               "FN:Barbara Liskov\r\nN:Liskov;Barbara;;;\r\nNICKNAME:Barb\r\n"
               "ADR;TYPE=work:;;32 Vassar St;Cambridge;MA;02139;USA\r\n"
               "TEL;TYPE=cell;VALUE=TEXT:+1 617 555 0142\r\n"
               "IMPP:xmpp:barbara@jabber.example\r\nGEO:geo:42.3616,-71.0906\r\n"
               "X-MOZILLA-HTML:FALSE\r\n"
               "UID:e1c5b2a4-7f0f-4c6d-9f21-1a2b3c4d5e6f\r\nEND:VCARD\r\n")
THUNDERBIRD_KEPT = [
    "EMAIL;PREF=1:barbara@liskov.example\r\n", "NICKNAME:Barb\r\n",
    "ADR;TYPE=work:;;32 Vassar St;Cambridge;MA;02139;USA\r\n",
    "IMPP:xmpp:barbara@jabber.example\r\n", "GEO:geo:42.3616,-71.0906\r\n",
    "X-MOZILLA-HTML:FALSE\r\n",
]

#: khard 0.19's card: an anniversary, a private object folded at 75 octets.
KHARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//khard//khard 0.19.1//EN\r\n"
         "UID:8f7c2a2e-3b1c-4c55-9a67-0d3c1b2e4f11\r\nFN:Grace Hopper\r\n"
         "N:Hopper;Grace;Brewster Murray;Rear Admiral;\r\nNICKNAME:Amazing Grace\r\n"
         "EMAIL;TYPE=WORK:grace@navy.example\r\nTEL;TYPE=CELL:+1 202 555 0100\r\n"
         "ADR;TYPE=HOME:;;1 Navy Yard;Washington;DC;20374;USA\r\nORG:US Navy\r\n"
         "TITLE:Commodore\r\nBDAY:19061209\r\nANNIVERSARY:19300615\r\n"
         "X-SKYPE:grace.hopper.the.first.compiler.of.the.navy.with.a.handle.that.folds\r\n"
         " .at.seventy.five\r\n"
         "NOTE:wrote the first compiler\r\nEND:VCARD\r\n")
KHARD_KEPT = [
    "N:Hopper;Grace;Brewster Murray;Rear Admiral;\r\n", "NICKNAME:Amazing Grace\r\n",
    "ADR;TYPE=HOME:;;1 Navy Yard;Washington;DC;20374;USA\r\n", "ANNIVERSARY:19300615\r\n",
    "X-SKYPE:grace.hopper.the.first.compiler.of.the.navy.with.a.handle.that.folds\r\n"
    " .at.seventy.five\r\n",
]

FILE = APPLE + GOOGLE + THUNDERBIRD + KHARD
#: Each card's name and the lines of it an export must write back as they are.
KEPT = {"Ada Lovelace": APPLE_KEPT, "Alan Turing": GOOGLE_KEPT,
        "Barbara Liskov": THUNDERBIRD_KEPT, "Grace Hopper": KHARD_KEPT}
