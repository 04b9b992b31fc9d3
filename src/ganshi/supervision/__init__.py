"""Supervision and protection (issue 6): reports (信访举报) from the 12380 channels and
their cases, sealed reporter identity, false-accusation findings, name clearing
(澄清正名), fault tolerance (容错纠错), talks and inquiry letters, travel documents in
custody, family supervision, and their figures.

Who sees what
-------------
- The public pages ``/report/`` (file) and ``/report/follow/`` (follow with the receipt
  code) need no login and no JavaScript. They send ``Cache-Control: no-store`` and
  ``Referrer-Policy: no-referrer``; CSRF stays on (``public_views.NoReferrerCsrfMiddleware``
  accepts the ``Origin: null`` a no-referrer page posts with only when the browser
  vouches ``Sec-Fetch-Site: same-origin``). The app registers ``/report/`` with the
  login middleware's open prefixes (``apps.SupervisionConfig.ready``).
- Each address may submit ``SupervisionSettings.submissions_per_hour`` reports and try
  ``follow_attempts_per_hour`` codes an hour (429 beyond). The count lives in
  ``RateLimitBucket`` — shared by every worker process — under a keyed hash of the
  address, deleted after the hour; no address is stored with a report. Keep the web
  server's access log off for ``/report/`` too.
- A case is seen by the handlers assigned to it and by the office's case supervisors;
  to anyone else it answers 404 (its attachments too). Every view of a case, of an
  attachment and of a revealed identity is an audit event.
- Office roles sit on top of the user role (which must be discipline handler, county
  staff or system administrator, except for the gateway): ``supervisor`` (sees every
  case, accepts, assigns handlers, concludes), ``custodian`` (decides identity-access
  requests, never sees the identity), ``gateway`` (the SMS platform). Grant them with
  ``ganshi supervision_office grant USER ROLE`` (and ``revoke``); both are audited.
- The registers (clearing, fault tolerance, talks, documents, family, figures) are for
  discipline handlers, county staff and system administrators, each within the units of
  their scope.

Encryption at rest
------------------
Report content, the subject as typed, the reporter's name and contact, messages,
attachment names (``EncryptedTextField``) and attachment bytes (Fernet tokens on disk
under random names) use ``GANSHI_FIELD_KEY``; the receipt code and document numbers are
kept as keyed hashes (document numbers also encrypted). Retention:
``ganshi supervision_destroy_expired`` (daily) destroys the attachments, identity and
receipt code of cases closed more than ``retention_days`` ago, leaving an audited
tombstone.

SMS gateway
-----------
The 12380 SMS platform posts each text to ``POST /api/v1/supervision/sms`` as
``{"sender": "…", "text": "…"}`` with ``Authorization: Bearer <token>``: the API token
(``ganshi token create USER``) of a user holding the office role ``gateway``. The answer
holds the receipt code to text back; only its hash is kept.

For later checks
----------------
``selectors.cadre_adverse_marks(cadre)``, ``selectors.cadre_is_cleared(cadre, report)``
and ``selectors.cadre_promotion_bar(cadre, at=…)`` (admonition period from
``SupervisionSettings.admonition_months``, lifted by a fault-tolerance decision that keeps
the cadre eligible); ``GET /api/v1/supervision/cadres/{id}/standing`` gives all three.
"""
