"""Server-rendered pages of the web app (Bahasa Indonesia), one router per page group."""

from web.pages import auth, home  # noqa: E402
from web.pages import documents, search, upload  # noqa: E402
from web.pages import audit, gaps, questions, suggestions, units  # noqa: E402
from web.pages import admin_periods, admin_units, admin_users, language, password  # noqa: E402

PAGE_ROUTERS = [auth.router, home.router]
PAGE_ROUTERS += [upload.router, upload.api_router, search.router, documents.router, documents.api_router]
PAGE_ROUTERS += [units.router, questions.router, gaps.router, audit.router, suggestions.router,
                 suggestions.api_router]
PAGE_ROUTERS += [admin_users.router, admin_units.router, admin_periods.router, password.router,
                 language.router]
