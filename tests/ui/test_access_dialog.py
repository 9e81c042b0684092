"""工具 → 登录设置: the switch requiring sign-in of every user, and the 登录 box it brings."""

from __future__ import annotations

from desktop_app.app import login_name, open_services
from desktop_app.ui import launch
from desktop_app.ui.access_dialog import FIELD, AccessDialog
from desktop_app.ui.sign_in import SignInDialog


def _dialog(qtbot, services) -> AccessDialog:
    dialog = AccessDialog(services, services.access.state())
    qtbot.addWidget(dialog)
    return dialog


def _save(qtbot, dialog) -> None:
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving)  # saved in the background


def test_turning_it_on_without_a_password_of_ones_own_is_refused(qtbot, services):
    dialog = _dialog(qtbot, services)
    assert login_name() in dialog.note.text()  # the users who have no password are named
    dialog.required.setChecked(True)
    _save(qtbot, dialog)
    assert dialog.result() == 0  # still open, the tick kept
    assert "还没有密码" in dialog.errors[FIELD].text()
    assert dialog.required.isChecked()
    assert not services.users.access().require_sign_in


def test_once_on_the_first_user_too_signs_in_through_the_box(
    qtbot, services, db_path, tmp_path, monkeypatch
):
    services.users.set_password(login_name(), "pw-管理")
    dialog = _dialog(qtbot, services)
    dialog.required.setChecked(True)
    _save(qtbot, dialog)
    assert dialog.result() == 1
    assert services.users.access().require_sign_in
    shown = []

    def sign_in(box):
        qtbot.addWidget(box)
        shown.append(box.general_error.text())
        box.password.setText("pw-管理")
        box.save()
        return box.result()

    monkeypatch.setattr(SignInDialog, "exec", sign_in)
    opened = launch.open_signed_in(str(db_path), str(tmp_path / "data"))
    try:
        assert opened.user.name == login_name()
        assert "需要登录" in shown[0]
    finally:
        opened.close()


def test_a_change_made_meanwhile_elsewhere_is_reported_not_overwritten(
    qtbot, services, db_path, tmp_path
):
    services.users.set_password(login_name(), "pw")
    dialog = _dialog(qtbot, services)  # loaded: off
    other = open_services(str(db_path), tmp_path / "data", password="pw")
    try:
        other.users.set_sign_in_required(True)
    finally:
        other.close()
    dialog.required.setChecked(False)
    _save(qtbot, dialog)
    assert dialog.result() == 0
    assert not dialog.conflict.isHidden()
    assert f"已被 {login_name()} " in dialog.conflict.message.text()
    assert f"{FIELD}：关闭" in dialog.conflict.typed.toPlainText()
    assert services.users.access().require_sign_in  # the other change is intact

    dialog.conflict.reload_button.click()  # 重新载入: the stored switch, then a save builds on it
    qtbot.waitUntil(lambda: not dialog.conflict.reloading)
    assert dialog.required.isChecked()
    dialog.required.setChecked(False)
    _save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not services.users.access().require_sign_in


def test_the_menu_opens_the_form_once_the_switch_is_read(qtbot, services, monkeypatch):
    from desktop_app.ui.main_window import MainWindow

    services.users.set_password(login_name(), "pw")
    services.access.set_sign_in_required(True, 0)
    window = MainWindow(services)
    qtbot.addWidget(window)
    shown = []
    monkeypatch.setattr(AccessDialog, "exec", lambda d: shown.append(d.required.isChecked()))
    window.open_access_settings()
    assert shown == []  # read in the background first
    qtbot.waitUntil(lambda: shown != [])
    assert shown == [True]
