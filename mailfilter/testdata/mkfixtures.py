#!/usr/bin/env python3
"""Writes the .eml fixtures of mailfilter's tests.

Run from this folder: python3 mkfixtures.py. The messages follow the layouts
that common mail clients produce (Thunderbird, Apple Mail, Outlook, Python's
email package); their images are small PNG and JPEG files made here.
Everything is fixed (boundaries, dates, ids), so the output is stable.
"""
import base64
import struct
import zlib
from email.message import EmailMessage
from email import policy
from email.utils import make_msgid

JPEG = base64.b64decode(
    "/9j/2wCEABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2MBERISGBUYLxoaL2NCOEJjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY//AABEIABAAGAMBIgACEQEDEQH/xAGiAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgsQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+gEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoLEQACAQIEBAMEBwUEBAABAncAAQIDEQQFITEGEkFRB2FxEyIygQgUQpGhscEJIzNS8BVictEKFiQ04SXxFxgZGiYnKCkqNTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqCg4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2dri4+Tl5ufo6ery8/T19vf4+fr/2gAMAwEAAhEDEQA/AOaisvarkVl7VsRWXtVyKy9q1nijmwuN8zHisvapvsXtW9FZe1S/YvauSWK1PoKWN93c/9k=")


def png(w, h, seed):
    """A w x h RGB PNG with a gradient depending on seed."""
    rows = b""
    for y in range(h):
        rows += b"\x00" + bytes(((x * 9 + seed) % 256, (y * 13 + seed) % 256, seed % 256)[i % 3]
                                for x in range(w) for i in range(3))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def b64(data, nl):
    s = base64.b64encode(data).decode()
    return nl.join(s[i:i + 76] for i in range(0, len(s), 76))


def qp(text, charset):
    import quopri
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def write(name, text, nl="\r\n"):
    data = text.replace("\n", nl).encode("utf-8") if isinstance(text, str) else text
    with open(name, "wb") as f:
        f.write(data)


# Thunderbird: text and HTML alternatives, the HTML with an inline image in
# multipart/related, and an attachment with an RFC 2231 Chinese file name
# (and the RFC 2047 name= that Thunderbird adds for old clients). CRLF.
write("thunderbird.eml", f"""Message-ID: <2f1c7a5e-0b6d-4c0e-9a57-3d2f7b1e9c11@example.com>
Date: Mon, 3 Mar 2025 10:15:00 +0800
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: en-US
To: support@exchange.example
From: Li Wei <li.wei@example.com>
Subject: =?UTF-8?B?5o+Q546w5aSx6LSlIC0gd2l0aGRyYXdhbCBmYWlsZWQ=?=
Content-Type: multipart/mixed; boundary="------------mixed0000000000000001"

This is a multi-part message in MIME format.
--------------mixed0000000000000001
Content-Type: multipart/alternative;
 boundary="------------alt000000000000000002"

--------------alt000000000000000002
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

Hello,

My withdrawal failed, see the screenshots. 你好，提现失败了。
Reach me at li.wei@example.com.

--------------alt000000000000000002
Content-Type: multipart/related;
 boundary="------------rel000000000000000003"

--------------rel000000000000000003
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 8bit

<!DOCTYPE html>
<html>
  <head>
    <meta http-equiv="content-type" content="text/html; charset=UTF-8">
  </head>
  <body>
    <p>Hello,</p>
    <p>My withdrawal failed, see the screenshots. 你好，提现失败了。<br>
      Reach me at li.wei@example.com.</p>
    <p><img moz-do-not-send="false" src="cid:part1.Xq3dE2bT.Mn5Ck7Ls@example.com" alt=""></p>
  </body>
</html>
--------------rel000000000000000003
Content-Type: image/png; name="paste.png"
Content-Disposition: inline; filename="paste.png"
Content-Id: <part1.Xq3dE2bT.Mn5Ck7Ls@example.com>
Content-Transfer-Encoding: base64

{b64(png(32, 20, 1), chr(10))}
--------------rel000000000000000003--

--------------alt000000000000000002--
--------------mixed0000000000000001
Content-Type: image/png; name="=?UTF-8?B?5oiq5Zu+LnBuZw==?="
Content-Disposition: attachment; filename*=UTF-8''%E6%88%AA%E5%9B%BE.png
Content-Transfer-Encoding: base64

{b64(png(40, 30, 2), chr(10))}

--------------mixed0000000000000001--
""")

# Apple Mail: alternative of quoted-printable text and HTML, the HTML in
# multipart/related with an inline JPEG (x-unix-mode, Content-Id without
# the angle-bracketed domain style), LF line ends as saved on macOS.
write("apple-mail.eml", f"""From: Anna Schmidt <anna@example.com>
Content-Type: multipart/alternative;
\tboundary="Apple-Mail=_6C2B0F7E-1D7A-4F0B-8D59-0A4E1C2B3D4E"
Mime-Version: 1.0 (Mac OS X Mail 16.0 \(3774.600.62\))
Subject: Konto gesperrt
Date: Tue, 4 Mar 2025 09:00:00 +0100
Message-Id: <1E0B3C7D-2F4A-4B5C-9D6E-7F8091A2B3C4@example.com>
To: help@exchange.example
X-Mailer: Apple Mail (2.3774.600.62)


--Apple-Mail=_6C2B0F7E-1D7A-4F0B-8D59-0A4E1C2B3D4E
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

Mein Konto ist gesperrt, siehe Bild. Gr=C3=BC=C3=9Fe
anna@example.com
--Apple-Mail=_6C2B0F7E-1D7A-4F0B-8D59-0A4E1C2B3D4E
Content-Type: multipart/related;
\ttype="text/html";
\tboundary="Apple-Mail=_9A8B7C6D-5E4F-4A3B-2C1D-0E9F8A7B6C5D"


--Apple-Mail=_9A8B7C6D-5E4F-4A3B-2C1D-0E9F8A7B6C5D
Content-Transfer-Encoding: quoted-printable
Content-Type: text/html;
\tcharset=utf-8

<html><head><meta http-equiv=3D"content-type" content=3D"text/html; =
charset=3Dutf-8"></head><body style=3D"overflow-wrap: break-word;">Mein =
Konto ist gesperrt, siehe Bild. Gr=C3=BC=C3=9Fe<div><img =
src=3D"cid:8D1F0A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B" =
alt=3D"IMG_0042.jpeg"></div><div>anna@example.com</div></body></html>=

--Apple-Mail=_9A8B7C6D-5E4F-4A3B-2C1D-0E9F8A7B6C5D
Content-Transfer-Encoding: base64
Content-Disposition: inline;
\tfilename=IMG_0042.jpeg
Content-Type: image/jpeg;
\tx-unix-mode=0644;
\tname="IMG_0042.jpeg"
Content-Id: <8D1F0A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B>

{b64(JPEG, chr(10))}
--Apple-Mail=_9A8B7C6D-5E4F-4A3B-2C1D-0E9F8A7B6C5D--

--Apple-Mail=_6C2B0F7E-1D7A-4F0B-8D59-0A4E1C2B3D4E--
""", nl="\n")

# Outlook: mixed > related > alternative of iso-8859-1 quoted-printable
# text and HTML, an inline image001.png, and a screenshot attached as
# application/octet-stream with an RFC 2047 GB2312 name; plus a GB2312
# text attachment. CRLF.
outlook_text = qp("Bonjour,\nmon dépôt n'est pas arrivé. Écrivez à zhang.san@example.com.\n", "iso-8859-1")
outlook_html = qp('<html><body><p class=MsoNormal>Bonjour,<br>mon dépôt n\'est pas arrivé. Écrivez à '
                  'zhang.san@example.com.</p><p><img width=30 height=18 src="cid:image001.png@01D98A2B.1C2D3E40">'
                  '</p></body></html>', "iso-8859-1")
cn_text = "请把款退到 zhang.san@example.com ，谢谢。\n"
write("outlook.eml", f"""From: =?gb2312?B?1cXI/Q==?= <zhang.san@example.com>
To: "Support" <support@exchange.example>
Subject: =?iso-8859-1?Q?R=E9clamation_d=E9p=F4t?=
Date: Wed, 5 Mar 2025 14:30:00 +0000
Message-ID: <000001d98a2bc2d3e40f6a7b80example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="----=_NextPart_000_0000_01D98A2B.1C2D3E40"
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdmKKxwtPkBfantfgA==
Content-Language: fr

This is a multipart message in MIME format.

------=_NextPart_000_0000_01D98A2B.1C2D3E40
Content-Type: multipart/related;
\tboundary="----=_NextPart_001_0001_01D98A2B.1C2D3E40"


------=_NextPart_001_0001_01D98A2B.1C2D3E40
Content-Type: multipart/alternative;
\tboundary="----=_NextPart_002_0002_01D98A2B.1C2D3E40"


------=_NextPart_002_0002_01D98A2B.1C2D3E40
Content-Type: text/plain;
\tcharset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{outlook_text}
------=_NextPart_002_0002_01D98A2B.1C2D3E40
Content-Type: text/html;
\tcharset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

{outlook_html}

------=_NextPart_002_0002_01D98A2B.1C2D3E40--

------=_NextPart_001_0001_01D98A2B.1C2D3E40
Content-Type: image/png;
\tname="image001.png"
Content-Transfer-Encoding: base64
Content-ID: <image001.png@01D98A2B.1C2D3E40>

{b64(png(30, 18, 3), chr(10))}

------=_NextPart_001_0001_01D98A2B.1C2D3E40--

------=_NextPart_000_0000_01D98A2B.1C2D3E40
Content-Type: application/octet-stream;
\tname="=?gb2312?B?vdjNvDEucG5n?="
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="=?gb2312?B?vdjNvDEucG5n?="

{b64(png(50, 10, 4), chr(10))}

------=_NextPart_000_0000_01D98A2B.1C2D3E40
Content-Type: text/plain;
\tname="notes.txt";
\tcharset="gb2312"
Content-Transfer-Encoding: base64
Content-Disposition: inline;
\tfilename="notes.txt"

{b64(cn_text.encode("gb2312"), chr(10))}

------=_NextPart_000_0000_01D98A2B.1C2D3E40--
""")

# Python's email package, as scripts and git-send-email-like tools build
# messages: text, HTML with a related image, and an attachment whose
# Chinese file name the package encodes itself. LF line ends.
msg = EmailMessage()
msg["From"] = "Wang Fang <wang.fang@example.com>"
msg["To"] = "support@exchange.example"
msg["Subject"] = "截图: 余额不对"
msg["Date"] = "Thu, 6 Mar 2025 08:00:00 +0800"
msg["Message-ID"] = "<python-fixture-1@example.com>"
msg.set_content("余额不对，请看截图。\nwang.fang@example.com\n")
msg.add_alternative('<html><body><p>余额不对，请看截图。</p><img src="cid:screen1@example.com"></body></html>',
                    subtype="html")
msg.get_payload()[1].add_related(png(20, 20, 5), "image", "png", cid="<screen1@example.com>",
                                 filename="screen1.png", disposition="inline")
msg.add_attachment(png(16, 16, 6), maintype="image", subtype="png", filename="余额截图.png")
msg.add_attachment(b"%PDF-1.4\n% a statement, not an image\n%%EOF\n", maintype="application",
                   subtype="pdf", filename="statement.pdf")
data = msg.as_bytes(policy=policy.default)
# The package picks random boundaries: make them stable.
import re
for i, b in enumerate(sorted(set(re.findall(rb'boundary="([^"]+)"', data)))):
    data = data.replace(b, b"===============py%04d==" % i)
write("python-email.eml", data)

# A forwarded message (message/rfc822) with a screenshot inside it.
write("forwarded.eml", f"""From: ops@example.com
To: support@exchange.example
Subject: Fwd: failed transfer
Date: Fri, 7 Mar 2025 12:00:00 +0000
Message-ID: <fwd-1@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer-b"

--outer-b
Content-Type: text/plain; charset=us-ascii

See the forwarded customer mail below.

--outer-b
Content-Type: message/rfc822
Content-Disposition: inline

From: customer@example.com
To: ops@example.com
Subject: failed transfer
Date: Thu, 6 Mar 2025 11:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="inner-b"

--inner-b
Content-Type: text/plain; charset=us-ascii

My transfer failed, screenshot attached.

--inner-b
Content-Type: image/png; name="transfer.png"
Content-Disposition: attachment; filename="transfer.png"
Content-Transfer-Encoding: base64

{b64(png(24, 24, 7), chr(10))}
--inner-b--

--outer-b--
""")

# Images under other labels: an octet-stream part with no name (found by its
# content), a text/plain part named .jpg, and a base64 body with junk in it
# that a lenient client still decodes to a PNG.
junk = b64(png(12, 12, 9), "\n")
junk = junk[:20] + "*" + junk[20:]
write("disguised.eml", f"""From: a@example.com
To: b@example.com
Subject: disguised images
Date: Sat, 8 Mar 2025 12:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="d-b"

--d-b
Content-Type: text/plain

Three images that do not say so.
--d-b
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

{b64(png(10, 10, 8), chr(10))}
--d-b
Content-Type: text/plain; name="photo.jpg"
Content-Transfer-Encoding: base64

{b64(JPEG, chr(10))}
--d-b
Content-Type: application/x-unknown
Content-Transfer-Encoding: base64

{junk}
--d-b--
""")

# An HTML body with a screenshot pasted as a data: URI (webmail editors).
pasted = qp('<html><body><p>Pasted:</p><img src="data:image/png;base64,' + base64.b64encode(png(14, 9, 10)).decode()
            + '" alt="x"></body></html>', "utf-8")
write("data-uri.eml", f"""From: a@example.com
To: b@example.com
Subject: pasted
Date: Sun, 9 Mar 2025 12:00:00 +0000
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{pasted}
""")

# S/MIME signed message with a screenshot inside: cannot be changed.
write("signed-image.eml", f"""From: a@example.com
To: b@example.com
Subject: signed
Date: Mon, 10 Mar 2025 12:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="sig-b"

This is an S/MIME signed message

--sig-b
Content-Type: multipart/mixed; boundary="sig-inner"

--sig-inner
Content-Type: text/plain

Signed, with a screenshot.
--sig-inner
Content-Type: image/png; name="s.png"
Content-Disposition: attachment; filename="s.png"
Content-Transfer-Encoding: base64

{b64(png(8, 8, 11), chr(10))}
--sig-inner--

--sig-b
Content-Type: application/pkcs7-signature; name="smime.p7s"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="smime.p7s"

MIAGCSqGSIb3DQEHAqCAMIACAQExDzANBglghkgBZQMEAgEFADCABgkqhkiG9w0BBwEAAKCAMIIF

--sig-b--
""")

# PGP/MIME encrypted message: cannot be inspected.
write("pgp-encrypted.eml", """From: a@example.com
To: b@example.com
Subject: secret
Date: Tue, 11 Mar 2025 12:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc-b"

--enc-b
Content-Type: application/pgp-encrypted
Content-Description: PGP/MIME version identification

Version: 1

--enc-b
Content-Type: application/octet-stream; name="encrypted.asc"
Content-Description: OpenPGP encrypted message
Content-Disposition: inline; filename="encrypted.asc"

-----BEGIN PGP MESSAGE-----

hQEMA1234567890ABAQf/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
=abcd
-----END PGP MESSAGE-----

--enc-b--
""")
