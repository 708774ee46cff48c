"""Planning (issue 7): coverage of each region's ORPs by service type, weekday and way of
reaching them, for community planners, with CSV and XLSX downloads.

``coverage`` gathers who reaches which ORP (six queries), ``tables`` counts what the pages
show and caches it, ``chart`` draws the reach chart, ``views`` and ``urls`` serve them under
``/planning/``; their template filters are ``directory/templatetags/planning_extras.py``
(where Django looks for them). The searches that found nothing (``directory.demand``) are
recorded by the search and only read here.
"""
