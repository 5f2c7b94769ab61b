class CertificateError(Exception):
    """A certificate cannot be made until someone fixes its data; the message says what.

    Shown to admins as the certificate's render error. Not retried: trying again changes
    nothing until the data is fixed, after which the admin action renders it again.
    """
