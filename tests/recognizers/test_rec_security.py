"""Security details in prose (issue 18 item 4): passwords quoted without a label, API keys and client
secrets by shape, CVE IDs of exploited vulnerabilities, short host names and the bare label of an FQDN,
GUIDs as tenant/trace IDs, and references of other bodies (NCSC, ServiceNow, other authorities' FOI
refs, a table's Ref column).

Each row is (recognizer, text, exactly what it must report); the negatives (look-alikes and ordinary
breach-report sentences) are at least as many as the positives for every recognizer."""

from __future__ import annotations

from collections import Counter

import pytest

from recognizers.credential import looks_random
from recognizers.quoted_credential import password_shape
from tests.recognizers.test_rec_patterns import find

POSITIVES = [
    # passwords quoted or typed, with no "password" label before them
    ("quoted_credential", "the value read out over the phone was 'Tr0ub4dor&3'", ["Tr0ub4dor&3"]),
    ("quoted_credential", "he typed Summer2024! into the prompt", ["Summer2024!"]),
    ("quoted_credential", "reset it to `Welcome1!`", ["Welcome1!"]),
    ("quoted_credential", 'She read out "p4ssw0rd" to the caller.', ["p4ssw0rd"]),
    ("quoted_credential", "The user reset the password to 'Summer2024' at 09:14.", ["Summer2024"]),
    ("quoted_credential", 'He shared "Harb0ur!2024" with a colleague by text.', ["Harb0ur!2024"]),
    ("quoted_credential", "The helpdesk analyst changed it to Spr1ng#Tide and told the caller.", ["Spr1ng#Tide"]),
    ("quoted_credential", 'The caller gave the PIN and the memorable word "Lighthouse7!" over the phone.',
     ["Lighthouse7!"]),
    ("quoted_credential", "I reset it and the new one was Sunday2023!, which I read\nout to them.", ["Sunday2023!"]),
    ("quoted_credential", "The shared mailbox password was sent in clear text in a Teams message: July2021*.", ["July2021*"]),
    ("quoted_credential", "She couldn't sign in. I reset it and the new one was Pattern-Stay-Agreement52, which I read it out.",
     ["Pattern-Stay-Agreement52"]),
    ("quoted_credential", "The password was sent in a Teams message:\n8ZrGbhUmkRmUNWvk. It has since been reset.",
     ["8ZrGbhUmkRmUNWvk"]),
    # keys, tokens and client secrets by shape
    ("credential", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
     ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]),
    ("credential", "The AWS key pair AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY was rotated.",
     ["AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]),
    ("credential", "temporary key ASIAY34FZKBOKMUTVV7A", ["ASIAY34FZKBOKMUTVV7A"]),
    ("credential", "An access key AKIALL6CUHC5DNTSOQV4 and its pair\nptmwUDvh4RiU5Gu1a8J5Aiqy5GeIGeDB20s95I64 were found",
     ["AKIALL6CUHC5DNTSOQV4", "ptmwUDvh4RiU5Gu1a8J5Aiqy5GeIGeDB20s95I64"]),
    # a PDF line broken after a "/" or a "-" inside the value
    ("credential", "the old value client_secret=9X2dflwBX2sQOXzR7xUci2oL/\nyaCqvBk+ETXtYJrETw must not be reused",
     ["9X2dflwBX2sQOXzR7xUci2oL/\nyaCqvBk+ETXtYJrETw"]),
    ("credential", "The Slack bot token xoxb-06916571121-6899012546588-\nLBfH458avflqMSr43XWyQASO was revoked",
     ["xoxb-06916571121-6899012546588-\nLBfH458avflqMSr43XWyQASO"]),
    ("credential", "client_secret: abc8Q~xY7abcDEFghiJKLmnoPQRstuVWXyz012345",
     ["abc8Q~xY7abcDEFghiJKLmnoPQRstuVWXyz012345"]),
    ("credential", "key=5f4dcc3b5aa765d61d8327deb882cf99aa11bb22", ["5f4dcc3b5aa765d61d8327deb882cf99aa11bb22"]),
    ("credential", '"api_key": "sk-9f8e7d6c5b4a39281706f5e4d3c2b1a0"', ["sk-9f8e7d6c5b4a39281706f5e4d3c2b1a0"]),
    ("credential", "x-api-key: 0a1b2c3d4e5f6A7B8C9D0e1f2a3b4c5d", ["0a1b2c3d4e5f6A7B8C9D0e1f2a3b4c5d"]),
    ("credential", "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;",
     ["Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="]),
    ("credential", "the leaked secret was 3q2+7wAbCdEf0123456789ghIJklMNopQRstuv in the repo",
     ["3q2+7wAbCdEf0123456789ghIJklMNopQRstuv"]),
    ("credential", "GitHub gho_16C7e42F292c6912E7710c838347Ae178B4a and ghs_16C7e42F292c6912E7710c838347Ae178B4a",
     ["gho_16C7e42F292c6912E7710c838347Ae178B4a", "ghs_16C7e42F292c6912E7710c838347Ae178B4a"]),
    ("credential", "fine-grained github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
     ["github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"]),
    ("credential", "GitLab glpat-xxYY12zzAB34cdEF56gh used", ["glpat-xxYY12zzAB34cdEF56gh"]),
    ("credential", "Slack bot xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx posted",
     ["xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"]),
    ("credential", "webhook https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
     ["https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"]),
    ("credential", "Stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc and pk_live_51HqLyjWDarjtT1zdp7dcXYZ and rk_live_1234567890abcdefGH",
     ["sk_live_4eC39HqLyjWDarjtT1zdp7dc", "pk_live_51HqLyjWDarjtT1zdp7dcXYZ", "rk_live_1234567890abcdefGH"]),
    ("credential", "Maps key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY in the page",
     ["AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"]),
    ("credential", "cookie eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqZiJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r was replayed",
     ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqZiJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r"]),
    ("credential", "found on the share:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n\nnext",
     ["-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU"]),
    ("credential", "SendGrid 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 in config",
     ["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"]),
    # CVE IDs of exploited vulnerabilities
    ("vulnerability_id", "The attackers exploited CVE-2024-3400 in the firewall.", ["CVE-2024-3400"]),
    ("vulnerability_id", "Initial access: CVE-2023-4966 (Citrix Bleed) on the NetScaler", ["CVE-2023-4966"]),
    ("vulnerability_id", "The VPN appliance was unpatched against cve-2019-11510 and CVE-2018-13379.",
     ["cve-2019-11510", "CVE-2018-13379"]),
    ("vulnerability_id", "A threat actor used CVE-2021-44228 to gain access.", ["CVE-2021-44228"]),
    ("vulnerability_id", "The library advisory GHSA-jfh8-c2jp-5v3q was exploited.", ["GHSA-jfh8-c2jp-5v3q"]),
    ("vulnerability_id", "She explained that the outage on GJRE-CTX-02 was caused by CVE-2025-4305.", ["CVE-2025-4305"]),
    ("vulnerability_id", "It was reachable from 10.37.76.97. The vulnerability used was\nCVE-2025-3976.", ["CVE-2025-3976"]),
    # host names
    ("hostname", "AB-XY-01, LON-DC-02, SRV-SQL-04 and WKS-10293 were isolated",
     ["AB-XY-01", "LON-DC-02", "SRV-SQL-04", "WKS-10293"]),
    ("hostname", "2024-05-01 10:22:01 ab-xy-01 sshd[123]: accepted from lon-dc-02 via hbc-fs01",
     ["ab-xy-01", "lon-dc-02", "hbc-fs01"]),
    ("hostname", "app17.corp.harbourside.local failed; app17 and APP17 restarted",
     ["app17.corp.harbourside.local", "app17", "APP17"]),
    ("hostname", "fs01.corp.harbourside.local went down; fs01 was rebooted",
     ["fs01.corp.harbourside.local", "fs01"]),
    ("hostname", "see vpn2.harbourside.gov.uk; the vpn2 logs", ["vpn2.harbourside.gov.uk", "vpn2"]),
    ("hostname", "payroll.corp.local was hit; the payroll team was told", ["payroll.corp.local"]),
    ("hostname", "SRV04 and DC01 and sql01 were patched; PC-0412 was wiped", ["SRV04", "DC01", "sql01", "PC-0412"]),
    ("hostname", "logs from MQDC06 and NQCAPP14; UWPADFS24 and ciwsql19 (toadfs-17 too)",
     ["MQDC06", "NQCAPP14", "UWPADFS24", "ciwsql19", "toadfs-17"]),
    ("hostname", "Host\nCQO-\nFS-13\nZYGG-\nSQL-11", ["CQO-\nFS-13", "ZYGG-\nSQL-11"]),
    # GUIDs in context
    ("network_id", "Tenant ID: 72f988bf-86f1-41af-91ab-2d7cd011db47", ["72f988bf-86f1-41af-91ab-2d7cd011db47"]),
    ("network_id", "The message trace ID was 3f2504e0-4f89-11d3-9a0c-0305e82c3301 for the email.",
     ["3f2504e0-4f89-11d3-9a0c-0305e82c3301"]),
    ("network_id", "2024-05-01T10:22:01Z ERROR sign-in failed 8C6D2F1A-4B3E-4C5D-9E8F-0A1B2C3D4E5F",
     ["8C6D2F1A-4B3E-4C5D-9E8F-0A1B2C3D4E5F"]),
    ("network_id", '{"correlationId": "8c6d2f1a-4b3e-4c5d-9e8f-0a1b2c3d4e5f", "status": 401}',
     ["8c6d2f1a-4b3e-4c5d-9e8f-0a1b2c3d4e5f"]),
    ("network_id", "Correlation ID\n8c6d2f1a-4b3e-4c5d-9e8f-0a1b2c3d4e5f", ["8c6d2f1a-4b3e-4c5d-9e8f-0a1b2c3d4e5f"]),
    ("network_id", "the app (client id 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b) in subscription {11111111-2222-3333-4444-555555555555}",
     ["0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", "11111111-2222-3333-4444-555555555555"]),
    # references of other bodies
    ("incident_reference", "reported to the NCSC as NCSC-12345 and logged as CSIRT-2024-031",
     ["NCSC-12345", "CSIRT-2024-031"]),
    ("incident_reference", "NCSC reference 2024-0117", ["2024-0117"]),
    ("incident_reference", "NCSC incident reference: 123456", ["123456"]),
    ("incident_reference", "INC0012345 CHG0034567 RITM0012345 PRB0001234 REQ0012345 TASK0012345",
     ["INC0012345", "CHG0034567", "RITM0012345", "PRB0001234", "REQ0012345", "TASK0012345"]),
    ("incident_reference", "the Constabulary's reference FOI-24-1234; their ref FOI/2024/00123",
     ["FOI-24-1234", "FOI/2024/00123"]),
    ("incident_reference", "Harbourside Police EIR 2024/0456 and the NHS Trust FOI 12345",
     ["EIR 2024/0456", "FOI 12345"]),
    ("incident_reference", "Our ref: ABC/123/45", ["ABC/123/45"]),
    ("incident_reference", "another authority, whose\nrequest FOI-21-0101 covered the same records", ["FOI-21-0101"]),
    ("incident_reference", "the complaint from Dr Engvall (ref. FOI-22-0189); the other council's reference is FOI20230064",
     ["FOI-22-0189", "FOI20230064"]),
    ("incident_reference", "Interview notes: investigation C82343742", ["C82343742"]),
    ("incident_reference", "Mrs Moreau rang again about CASE-603014 and SR3475272", ["CASE-603014", "SR3475272"]),
    # a Ref column whose cells wrap (CQO-/FS-13): rows are found by their first cell, a time
    ("incident_reference",
     "Actions taken\nTime\nTicket\nCase ref\nHost\nAction\n22:39\nINC5469185\nFOI/2021/46856\nCQO-\nFS-13\n"
     "Password\nreset\n22:58\nINC0375225\nNFRC255054745272\nUHG-\nSG-08\nIsolated\n23:29\nINC1296579\n"
     "35/485473/25\nCQO-\nFS-13\nReimaged\n",
     ["INC5469185", "FOI/2021/46856", "INC0375225", "NFRC255054745272", "INC1296579", "35/485473/25"]),
    ("crime_reference", "and the police reference CAD\n2793/03DEC21. A refund was made", ["CAD\n2793/03DEC21"]),
    # a Ref column: cells on lines of their own (a PDF table), with a title and a wrapped cell
    ("incident_reference",
     "Complaints log\nRef\nDate\nSummary\nStatus\nHR-2291\n12/03/2024\nLost laptop\nClosed\nHR-2304\n14/03/2024\n"
     "Email sent to the\nwrong recipient\nOpen\nHR-2310\n15/03/2024\nPhishing\nOpen\nThe log is reviewed monthly.",
     ["HR-2291", "HR-2304", "HR-2310"]),
    ("incident_reference", "Date\nCase ref\nOfficer\n12/03/2024\n00412\nJ Smith\n13/03/2024\n00419\nA Jones\n",
     ["00412", "00419"]),
    # ... and rows on one line (Markdown, tab-separated logs)
    ("incident_reference", "| Ref | Date | Summary |\n|---|---|---|\n| C-00412 | 12/03/2024 | Lost laptop |\n"
     "| C-00419 | 13/03/2024 | Misdirected email |\n", ["C-00412", "C-00419"]),
    ("incident_reference", "Ticket\tOpened\tStatus\nSD-88121\t02:14\tOpen\nSD-88125\t02:31\tClosed\n",
     ["SD-88121", "SD-88125"]),
]

NEGATIVES = [
    # quoted words that are not passwords, and sentences about passwords without one
    ("quoted_credential", 'The attackers used "Mimikatz" to dump credentials.'),
    ("quoted_credential", 'He shared the file "Payroll_2024.xlsx" with an external address.'),
    ("quoted_credential", 'The email was sent from "j.smith@outlook.com" to staff.'),
    ("quoted_credential", 'Staff were told to use the "Report Phishing" button.'),
    ("quoted_credential", "The user entered INC0012345 into the portal."),
    ("quoted_credential", 'We used "Windows-11" images for the rebuild.'),
    ("quoted_credential", 'Login attempts came from "185.220.101.47".'),
    ("quoted_credential", 'the account "svc_backup2" was used'),
    ("quoted_credential", 'They shared version "v2.3.1-beta" with the supplier.'),
    ("quoted_credential", "They typed COVID-19 into the search box."),
    ("quoted_credential", 'The phishing email was sent with the subject "Invoice-2024-05".'),
    ("quoted_credential", "She typed 12-May-2024 into the date field."),
    ("quoted_credential", 'He logged in to "Office365" from home and opened "Microsoft365".'),
    ("quoted_credential", "The user typed the password incorrectly five times."),
    ("quoted_credential", 'She told him "Welcome!" when he arrived.'),
    ("quoted_credential", 'The board approved "Project2024" in May.'),
    ("quoted_credential", "Guidance on 'Section 31' and the \"public interest\" was followed."),
    ("quoted_credential", "Siobhan O'Neill-Baptiste's laptop was reset to factory settings."),
    ("quoted_credential", "The password policy was reviewed: passwords are 12 characters long."),
    ("quoted_credential", "The login page was Microsoft365 and the prompt was SharePoint."),
    ("quoted_credential", "The new one was installed on 12/05/2024 and the password was reset."),
    ("quoted_credential", "Reference: HBC-DPB-2024-0117. The password reset was logged as INC0012345."),
    ("quoted_credential", "The account was disabled: svc_backup2 and adm-jsmith were reset."),
    ("quoted_credential", "The user was told to sign in again; the value was unchanged."),
    # keys: labels without a key after them, words, hashes
    ("credential", "SHA-256 signature: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("credential", "Key: Table 3 shows the key findings for 2024"),
    ("credential", "token: expired, and the API key was revoked"),
    ("credential", "The key stakeholders own Key_Stakeholder_Engagement_Plan_2024 and keynote_2024_final_version"),
    ("credential", "primary key: customer_reference_id; secret santa list"),
    ("credential", "AWS region eu-west-2 account 123456789012 and the AWS console"),
    ("credential", "Key performance indicators: KPI_Response_Times_2024_Q1_Final"),
    ("credential", "The file hash is e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("credential", "key=HarbourSideCouncilReport2024Final and token=Quarterly_Report_2024_Final"),
    ("credential", "The private key was stored in the HSM; no key material left the building."),
    ("credential", "AWS documentation: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials.html"),
    ("credential", "The tokenisation service and the secretariat met on 12 May 2024."),
    ("credential", "the keys to the building at 14 Marsh Lane; secret ballot of staff"),
    ("credential", "the report (ISO 27001, section 31(1)(a)) said the token was lost"),
    ("credential", "the signing key rotation schedule and key management policy version 2.1"),
    ("credential", "the credential stuffing attack used lists from earlier breaches"),
    ("credential", "Token ring and public key infrastructure were discussed at length"),
    ("credential", "the secret shopper exercise found no issues with reception"),
    ("credential", "Access key ID and secret access key fields were left blank."),
    ("credential", "the key worker for the family visited on Tuesday"),
    ("credential", "the council secretary's keys were handed back"),
    ("credential", "AWS S3 bucket harbourside-backups-2024 was public"),
    ("credential", "an Azure AD tenant and Microsoft 365 licences"),
    ("credential", "bearer of this letter"),
    ("credential", "PGP fingerprint: 5F2B 9C1A 7E3D 44B0 A1C2 9E8F 0D1B 2C3A 4E5F 6A7B"),
    # CVE IDs with no sign that they were exploited here, and look-alikes
    ("vulnerability_id", "The breach scored 9.8 on CVSS v3.1 and the vendor's advisory is CVE-2024-3400."),
    ("vulnerability_id", "Our patching policy follows the NCSC guidance on CVE-2021-44228."),
    ("vulnerability_id", "CWE-79 and ISO-27001 and CVE 2024 plans were discussed."),
    ("vulnerability_id", "The CVE-2024 review and CVSS scores were published."),
    ("vulnerability_id", "The attackers were not identified. CVE-2022-1234 is mentioned in an unrelated bulletin."),
    ("vulnerability_id", "Section 31(1)(a) and GHSA guidance on disclosure."),
    ("vulnerability_id", "The NCSC bulletin lists CVE-2024-21762 among this month's advisories."),
    ("vulnerability_id", "Our vulnerability management policy references CVE-2023-4966 as an example."),
    ("vulnerability_id", "CVE-2024-3400 is described on the vendor's website."),
    # host names: standards, codes, references, platforms, dates
    ("hostname", "ISO-27001 COVID-19 SHA-256 UTF-8 Windows-11 A-Z 12-05-2024 SARS-CoV-2"),
    ("hostname", "NIST-SP-800 guidance and SQL-2019 and EX2016 and Server 2019"),
    ("hostname", "HBC-DPB-2024-0117, SEC-1432, INC0012345, FS50812345, IC-304588-B6D4"),
    ("hostname", "the win-x64 build, arm-v8 and linux-x86 images; mp4 files"),
    ("hostname", "the payroll team and mail were affected; PAYROLL and Mail are words"),
    ("hostname", "covid-19 and sha-256 and utf-8 and pre-covid-19 levels"),
    ("hostname", "PCI-DSS-40 and ISO-IEC-27001 and the A-Z list of services"),
    ("hostname", "version 2.1, page 12 of 40, GP-led care and UK-wide"),
    ("hostname", "FOI-24-1234 and EIR-2024-0456 and NCSC-12345"),
    ("hostname", "the PC was wiped and the DC restarted; 12 VMs were rebuilt"),
    ("hostname", "NEWS24 COVID19 GDPR16 ISO27001 SQL2019 WIN10 MS365 HBC2024 AWS2024 LABS01 ARTS12"),
    ("hostname", "the NEWS-24 channel, Windows 10 and Office 365, PCI4 and the BBC"),
    ("hostname", "FY2024 and Q3-2024 and H1-2025 results"),
    # GUIDs with nothing around them that says what they are; not GUIDs
    ("network_id", "We noted 8c6d2f1a-4b3e-4c5d-9e8f-0a1b2c3d4e5f in passing while drafting the report."),
    ("network_id", "the number 12345678-1234-1234-1234-12345678901 is too short"),
    ("network_id", "Tenant satisfaction rose; the trace was lost; correlation is not causation."),
    ("network_id", "the object id field was empty; the client id was not recorded"),
    ("network_id", "2024-05-01T10:22:01Z INFO backup completed in 42 s"),
    ("network_id", "sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 is a hash, not a GUID"),
    # references: this authority's own FOI reference, public references, dates, tables without a Ref column
    ("incident_reference", "Thank you for your request FOI/2024/0456. Our ref: FOI/2024/0456."),
    ("incident_reference", "response to request FOI-2024-0456 under the Act"),
    ("incident_reference", "Act 2000 as FOI-2024-0456. The Council holds information"),
    ("incident_reference", "RE: FOI-2024-0456 - input needed"),
    ("incident_reference", "decision notice FS50812345 and tribunal appeal EA/2019/0154"),
    ("incident_reference", "the CERT-2024 programme"),
    ("incident_reference", "NCSC-2024 guidance"),
    ("incident_reference", "Time\nHost\nSource\nAction\nAnalyst\n02:14\nHBC-FS01\n185.220.101.47\nBeacon detected\nNadia Karimova\n"),
    ("incident_reference", "Reference\nThe reference section lists 12 items.\nSee 2.3.1\n"),
    ("incident_reference", "Ref\nDate\nSummary\nN/A\n12/03/2024\nNone recorded\n"),
    ("incident_reference", "| Name | Date | Count |\n|---|---|---|\n| Tom | 12/03/2024 | 412 |\n"),
    ("incident_reference", "| Ref | Date | Count |\n|---|---|---|\n| n/a | 12/03/2024 | 4 |\n"),
    ("incident_reference", "Ticket\nPrice\nAdult\n12.50\nChild\n6.25\n"),
    ("incident_reference", "The EIR 2004 regulations and FOI Act 2000 apply."),
    ("incident_reference", "The police were told on 12 May; the FOI team replied on 2 June."),
    ("incident_reference", "ServiceNow INC and CHG records are kept for 12 months."),
    ("incident_reference", "the CASE for change and case 12 of 40"),
    ("incident_reference", "Your request FOI-2024-0456 was received by the Council on 2 May."),
    ("incident_reference", "Time\nTicket\nStatus\n09:00\nn/a\nOpen\n09:30\nnone\nClosed\n"),
    ("incident_reference", "SR 1 and SRS and SR12 are size codes"),
    ("incident_reference", "The FOI Act and the EIR regulations 2004 apply to the police."),
    ("crime_reference", "the CADENCE of 12/05/24 and CAD/CAM software"),
    ("crime_reference", "the police were called at 12:30 on 3 DEC 2021"),
]


@pytest.mark.parametrize(("name", "text", "expected"), POSITIVES)
def test_positive(name: str, text: str, expected: list[str]) -> None:
    assert find(name, text) == expected


@pytest.mark.parametrize(("name", "text"), NEGATIVES)
def test_negative(name: str, text: str) -> None:
    assert find(name, text) == []


def test_negatives_at_least_as_many_as_positives_per_recognizer() -> None:
    positives, negatives = Counter(r[0] for r in POSITIVES), Counter(r[0] for r in NEGATIVES)
    for name, count in positives.items():
        assert negatives[name] >= count, name


# An ordinary breach report: nothing in it is a password, key, vulnerability ID, host, GUID or another
# body's reference, and the recognizers of this file must stay silent on it.
BREACH_REPORT = """Personal data breach report

On 2 May 2024 a member of staff in the Revenues team received an email that appeared to come from a
supplier. The email asked them to "review the attached invoice" and linked to a page that looked like
the Microsoft 365 sign-in page. They entered their username and password on that page. The account was
used the next morning to send 412 further emails. The service desk reset the password, revoked the
sessions and enabled multi-factor authentication for the whole team the same day.

The data involved comprised names, addresses and council tax account balances for 1,204 residents. We
have no evidence that the data was copied. The incident was reported to the ICO within 72 hours, and to
the National Cyber Security Centre, whose guidance on phishing (version 2.1) we followed. Our response
was reviewed against ISO 27001:2022, the Cyber Essentials scheme and the NCSC's "10 Steps" guidance.

Lessons learned: staff will complete the "Phishing Awareness 2024" module; the service desk will check
callers' identity before resetting a password; the key risks and the secret-shopper test results go to
the board on 12 June 2024. The council's health and safety team and system health checks were not
affected. It was a stroke of luck that the email was reported early. Operation Falcon, a separate police
operation, is unrelated. The log below shows the timeline.

Time
Action
02:14
Email received
08:40
Password reset
"""

SECURITY = ["quoted_credential", "credential", "vulnerability_id", "hostname", "network_id", "incident_reference",
            "case_reference", "crime_reference", "health"]


@pytest.mark.parametrize("name", SECURITY)
def test_an_ordinary_breach_report_matches_nothing(name: str) -> None:
    assert find(name, BREACH_REPORT) == []


@pytest.mark.parametrize(("value", "shape"), [
    ("Tr0ub4dor&3", "strong"), ("Welcome1!", "strong"), ("p4ssw0rd", "strong"), ("P@ssword", "strong"),
    ("Summer2024", "plain"), ("Harbour99", "plain"),
    ("Mimikatz", None), ("Invoice-2024-05", None), ("COVID-19", None), ("Windows-11", None), ("svc_backup2", None),
    ("report.pdf", None), ("12-May-2024", None), ("v2.3.1-beta", None), ("Office365", None), ("Welcome!", None),
    ("x@y.com", None), ("Short1!", None),
])
def test_password_shape(value: str, shape: str | None) -> None:
    assert password_shape(value) == shape


@pytest.mark.parametrize(("value", "random"), [
    ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", True), ("5f4dcc3b5aa765d61d8327deb882cf99", True),
    ("3q2+7wAbCdEf0123456789ghIJklMNopQRstuv", True),
    ("Key_Stakeholder_Engagement_Plan_2024", False), ("HarbourSideCouncilReport2024Final", False),
    ("KPI_Response_Times_2024_Q1_Final", False), ("customer_reference_id", False), ("aaaaaaaaaaaaaaaaaaaa1", False),
])
def test_looks_random(value: str, random: bool) -> None:
    assert looks_random(value) is random
