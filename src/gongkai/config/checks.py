"""The platform's own deployment checks, run by ``gongkai check --deploy`` (and by Django's
``check --deploy``) next to Django's. Each says in Chinese what is wrong and which variable
fixes it. Django reports DEBUG, ALLOWED_HOSTS and HSTS only as warnings; for this platform they
are errors, because each exposes applicants' personal data or the staff's sessions.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from gongkai.documents.fonts import missing_fonts_message

TAG = "gongkai"

# Django's warnings that these checks replace with an error of their own.
REPLACED = {"security.W004", "security.W018", "security.W020"}


@checks.register(TAG)
def field_key_configured(app_configs=None, **kwargs):
    """Not a deploy-only check: without the key no identity number or phone can be stored or
    read, so production refuses to migrate or serve (``gongkai serve`` runs this tag)."""
    if settings.FIELD_KEYS:
        return []
    return [
        checks.Error(
            "没有配置字段加密密钥：申请人的身份证件号码和联系电话在数据库中加密保存，"
            "没有密钥既不能保存也不能读取。",
            hint="设置 GONGKAI_FIELD_KEY（至少 32 个随机字符；需要密评的单位可用 sm4: 开头的"
            f"密钥选用 SM4），或把密钥写入 {settings.FIELD_KEY_FILE}（权限 0600）。"
            "密钥与数据库分开备份：丢了密钥，已保存的号码就无法再读出。",
            id="gongkai.E007",
        )
    ]


@checks.register(TAG, deploy=True)
def environment_is_production(app_configs=None, **kwargs):
    if settings.ENVIRONMENT == "production":
        return []
    return [
        checks.Error(
            f"GONGKAI_ENV 为 {settings.ENVIRONMENT}：演示和测试模式会自动生成密钥、使用演示账号，"
            "不能用于正式部署。",
            hint="设置 GONGKAI_ENV=production。",
            id="gongkai.E001",
        )
    ]


@checks.register(TAG, deploy=True)
def debug_is_off(app_configs=None, **kwargs):
    if not settings.DEBUG:
        return []
    return [
        checks.Error(
            "调试模式已开启：出错时页面会显示程序内部细节和配置，可能泄露个人信息和密钥。",
            hint="去掉环境变量 GONGKAI_DEBUG（或设为 0）。",
            id="gongkai.E002",
        )
    ]


@checks.register(TAG, deploy=True)
def allowed_hosts_set(app_configs=None, **kwargs):
    if settings.ALLOWED_HOSTS:
        return []
    return [
        checks.Error(
            "没有设置允许访问的域名（ALLOWED_HOSTS 为空），网站会拒绝所有请求。",
            hint="设置 ALLOWED_HOSTS，如 ALLOWED_HOSTS=gk.example.gov.cn（多个用逗号分隔）。",
            id="gongkai.E003",
        )
    ]


@checks.register(TAG, deploy=True)
def hsts_on(app_configs=None, **kwargs):
    if settings.SECURE_HSTS_SECONDS > 0:
        return []
    return [
        checks.Error(
            "未开启 HSTS：浏览器不会强制使用 HTTPS，登录会话可能在不安全的网络中被截获。",
            hint="通过 HTTPS 提供服务（GONGKAI_HTTPS=1，生产环境的默认值），"
            "并不要把 GONGKAI_HSTS_SECONDS 设为 0（默认一年）。",
            id="gongkai.E004",
        )
    ]


@checks.register(TAG, deploy=True)
def mail_is_delivered(app_configs=None, **kwargs):
    backend = settings.MAILERS["default"]["BACKEND"]
    if settings.ENVIRONMENT != "production" or not backend.endswith("console.EmailBackend"):
        return []
    if settings.EMAIL_CONSOLE_OPT_IN:
        return []
    return [
        checks.Error(
            "没有设置发信服务器：提醒邮件只会打印到服务器日志，不会送到任何人。",
            hint="设置 EMAIL_HOST（及 EMAIL_PORT、EMAIL_HOST_USER、EMAIL_HOST_PASSWORD、"
            "EMAIL_USE_TLS）；确实不需要发信时，设置 GONGKAI_EMAIL_CONSOLE=1 表示有意为之。",
            id="gongkai.E005",
        )
    ]


@checks.register(TAG, deploy=True)
def cjk_font_installed(app_configs=None, **kwargs):

    message = missing_fonts_message()
    if message is None:
        return []
    return [checks.Error(message, id="gongkai.E006")]


@checks.register(TAG, deploy=True)
def media_not_served(app_configs=None, **kwargs):
    """Uploads go out only through views that check the permission; a MEDIA_ROOT inside a
    folder WhiteNoise serves (or holding one) would hand every file to anyone who asks."""
    media = Path(settings.MEDIA_ROOT).resolve()
    served = [Path(settings.STATIC_ROOT), *(Path(d) for d in settings.STATICFILES_DIRS)]
    if getattr(settings, "WHITENOISE_ROOT", None):
        served.append(Path(settings.WHITENOISE_ROOT))
    for folder in (p.resolve() for p in served):
        if media.is_relative_to(folder) or folder.is_relative_to(media):
            return [
                checks.Error(
                    f"上传文件目录 {media} 与公开的静态文件目录 {folder} 重叠：申请人的附件、"
                    "身份证明等任何人都能直接下载。",
                    hint="把 GONGKAI_MEDIA_DIR 设为静态文件目录之外的目录（默认 GONGKAI_VAR_DIR/media）。",
                    id="gongkai.E008",
                )
            ]
    return []


@checks.register(TAG)
def sms_backend_importable(app_configs=None, **kwargs):
    """A mistyped backend would only show as a log line per notice; say so at start-up."""
    try:
        import_string(settings.GONGKAI_SMS_BACKEND)
    except ImportError:
        return [
            checks.Error(
                f"短信发送方式 GONGKAI_SMS_BACKEND={settings.GONGKAI_SMS_BACKEND!r} 无法载入。",
                hint="写完整的类路径，例如 gongkai.notifications.sms.GatewayBackend；"
                "或不设置，使用默认方式。",
                id="gongkai.E009",
            )
        ]
    return []


@checks.register(TAG, deploy=True)
def sms_is_delivered(app_configs=None, **kwargs):
    if settings.ENVIRONMENT != "production" or not settings.GONGKAI_SMS_BACKEND.endswith(
        ".DisabledBackend"
    ):
        return []
    return [
        checks.Warning(
            "没有配置短信网关：只留了手机号码、没有电子邮箱的申请人收不到任何通知。",
            hint="设置 GONGKAI_SMS_GATEWAY_URL 和 GONGKAI_SMS_GATEWAY_TOKEN（见 README 配置表）。",
            id="gongkai.W001",
        )
    ]
