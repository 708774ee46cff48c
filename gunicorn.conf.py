# Read by gunicorn from the working directory (`make serve`); command-line options win.
# The access log keeps method, path, status, size and time – no client address, query string,
# referrer or user agent: a search says who looks for what help and where.
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
