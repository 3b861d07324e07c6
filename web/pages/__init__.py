"""Server-rendered pages of the web app (Bahasa Indonesia), one router per page group."""

from web.pages import auth, home  # noqa: E402

PAGE_ROUTERS = [auth.router, home.router]
