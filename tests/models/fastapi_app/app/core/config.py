import secrets

EMAIL_MAX_LENGTH = 255
TITLE_MAX_LENGTH = 255


class Settings:
    SECRET_KEY: str = secrets.token_urlsafe(32)
    PROJECT_NAME: str = "demo"


settings = Settings()
