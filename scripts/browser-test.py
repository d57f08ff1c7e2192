#!/usr/bin/env python3
"""A person's first publish, in a real browser (headless Chromium driven by Selenium).

Starts `herald serve` on a fresh data directory and a free loopback port, then, at 1280 px:
setup -> a Sandbox channel -> compose (the live character counter must change as keys are
typed) -> save -> schedule a minute or two ahead -> wait until the post page says it was
published on the Sandbox network. Then at 390 px it opens the same pages again. Any console
error in the browser fails the run; screenshots go to .build/browser/.

Usage: browser-test.py path/to/herald   (needs: pip install selenium; apt chromium chromium-driver)
"""
import datetime
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOTS = os.path.join(ROOT, '.build', 'browser')
EMAIL, PASSWORD = 'owner@browser.test', 'correct horse battery staple'


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_herald(binary, port, data):
    env = dict(os.environ, HERALD_DATA_DIR=data, HERALD_PORT=str(port), HERALD_HOST='127.0.0.1',
               HERALD_BCRYPT_COST='4', HERALD_WORKER_POLL_MS='200', HERALD_LOG_LEVEL='warning')
    env.pop('DATABASE_URL', None)
    log = open(os.path.join(data, 'herald.log'), 'w')
    process = subprocess.Popen([binary, 'serve'], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    for _ in range(300):
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=0.2):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit('herald exited at start: see ' + log.name)
            time.sleep(0.1)
    raise SystemExit('herald did not start listening')


def browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = '/usr/bin/chromium'
    for flag in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', f'--window-size={width},{height}'):
        options.add_argument(flag)
    if width < 500:
        # A desktop window cannot be made this narrow; a phone's viewport is emulated instead.
        options.add_experimental_option('mobileEmulation', {'deviceMetrics': {'width': width, 'height': height, 'pixelRatio': 2}})
    options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    return webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=options)


class Run:
    def __init__(self, base):
        self.base = base
        self.errors = []

    def check_console(self, driver, where):
        for entry in driver.get_log('browser'):
            if entry.get('level') == 'SEVERE':
                self.errors.append(f'{where}: {entry.get("message")}')

    def shot(self, driver, name):
        os.makedirs(SHOTS, exist_ok=True)
        driver.save_screenshot(os.path.join(SHOTS, name + '.png'))
        self.check_console(driver, name)

    def open(self, driver, path, name):
        driver.get(self.base + path)
        self.shot(driver, name)


def fill(driver, name, value):
    element = driver.find_element(By.NAME, name)
    element.clear()
    element.send_keys(value)


def set_value(driver, name, value):
    driver.execute_script('arguments[0].value = arguments[1];', driver.find_element(By.NAME, name), value)


def main():
    binary = sys.argv[1]
    data = tempfile.mkdtemp(prefix='herald-browser-')
    port = free_port()
    server = start_herald(binary, port, data)
    run = Run(f'http://127.0.0.1:{port}')
    wide = browser(1280, 900)
    try:
        wait = WebDriverWait(wide, 20)
        # Setup: the owner, the organisation and the first workspace.
        run.open(wide, '/setup', 'w1280-01-setup')
        fill(wide, 'organization_name', 'Browser Test')
        fill(wide, 'name', 'Olga')
        fill(wide, 'email', EMAIL)
        fill(wide, 'password', PASSWORD)
        fill(wide, 'workspace_name', 'Кофейня')
        fill(wide, 'time_zone', 'UTC')
        wide.find_element(By.CSS_SELECTOR, 'form button[type=submit]').click()
        wait.until(lambda d: '/settings' in d.current_url or '/workspaces' in d.current_url)
        run.shot(wide, 'w1280-02-after-setup')
        link = wide.find_element(By.XPATH, '//main//a[starts-with(@href, "/w/")]').get_attribute('href')
        workspace = link.split('/w/')[1].split('/')[0]
        # A Sandbox channel (it needs no token).
        run.open(wide, f'/w/{workspace}/settings/channels', 'w1280-03-channels')
        wide.find_element(By.XPATH, f'//a[@href="/w/{workspace}/settings/channels/connect/sandbox"]').click()
        wait.until(lambda d: d.current_url.endswith('/connect/sandbox'))
        run.shot(wide, 'w1280-03b-connect-sandbox')
        fill(wide, 'name', 'Sandbox feed')
        wide.find_element(By.XPATH, '//form[.//input[@name="name"]]//button[@type="submit"]').click()
        wait.until(lambda d: 'done=channelAdded' in d.current_url)
        # Compose: the counter follows the keys.
        run.open(wide, f'/w/{workspace}/compose', 'w1280-04-compose')
        wide.find_element(By.CSS_SELECTOR, 'input[name="channels[]"]').click()
        text = wide.find_element(By.ID, 'text')
        text.send_keys('Привет')
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '#checks .counter'))
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, '#checks .counter').text.startswith('6 /'))
        before = wide.find_element(By.CSS_SELECTOR, '#checks .counter').text
        text.send_keys(', осень! ☕')
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, '#checks .counter').text != before)
        after = wide.find_element(By.CSS_SELECTOR, '#checks .counter').text
        print(f'counter: {before} -> {after}')
        run.shot(wide, 'w1280-05-compose-typed')
        wide.find_element(By.XPATH, '//form[@data-check-url]//button[@type="submit" and not(@name)]').click()
        wait.until(lambda d: 'done=postSaved' in d.current_url)
        post_url = wide.current_url.split('?')[0]
        # Schedule a minute or two ahead (the workspace is in UTC).
        now = datetime.datetime.now(datetime.timezone.utc)
        at = (now + datetime.timedelta(minutes=1 if now.second < 40 else 2)).replace(second=0, microsecond=0)
        set_value(wide, 'date', at.strftime('%Y-%m-%d'))
        set_value(wide, 'time', at.strftime('%H:%M'))
        wide.find_element(By.XPATH, '//form[.//input[@name="date"]]//button[@type="submit"]').click()
        wait.until(lambda d: 'done=postScheduled' in d.current_url)
        run.shot(wide, 'w1280-06-scheduled')
        deadline = time.time() + 180
        while time.time() < deadline:
            wide.get(post_url)
            if 'class="ready">published' in wide.page_source:
                break
            time.sleep(3)
        else:
            raise SystemExit('the post was not published on the Sandbox network within three minutes')
        run.shot(wide, 'w1280-07-published')
        session = wide.get_cookies()
    finally:
        wide.quit()
    narrow = browser(390, 844)
    try:
        narrow.get(run.base + '/login')
        for cookie in session:
            narrow.add_cookie({key: cookie[key] for key in ('name', 'value', 'path') if key in cookie})
        for path, name in [(f'/w/{workspace}/calendar', 'w390-01-calendar'), (f'/w/{workspace}/compose', 'w390-02-compose'),
                           (post_url.replace(run.base, ''), 'w390-03-post'), (f'/w/{workspace}/settings/channels', 'w390-04-channels'),
                           (f'/w/{workspace}/notifications', 'w390-05-notifications'), (f'/w/{workspace}/today', 'w390-06-today'),
                           (f'/w/{workspace}/inbox', 'w390-07-inbox'), (f'/w/{workspace}/settings/routing', 'w390-08-routing'),
                           (f'/w/{workspace}/settings/service-levels', 'w390-09-service-levels'),
                           (f'/w/{workspace}/analytics', 'w390-10-analytics')]:
            run.open(narrow, path, name)
    finally:
        narrow.quit()
        server.terminate()
        server.wait(timeout=30)
        if not run.errors:  # kept, with the server's log, when something went wrong
            shutil.rmtree(data, ignore_errors=True)
    shots = tour(binary, run)
    if run.errors:
        print('console errors or pages wider than the screen:\n' + '\n'.join(run.errors))
        raise SystemExit(1)
    print(f'browser: setup, channel, compose, schedule, published; 17 screenshots in {SHOTS}; '
          f'every main page of the demo in English and Russian at 1280 and 390 px ({shots} screenshots in {TOUR}), '
          'none wider than the screen; no console errors')


# What sticks out past the right edge of the window, even inside a box that would scroll: only
# a table of figures behind a chart (.table-scroll) may scroll sideways inside its own box.
OVERFLOW_SCRIPT = """
const width = document.documentElement.clientWidth;
const offenders = [];
function scrollsItself(element) {
  for (let e = element; e && e !== document.body; e = e.parentElement) {
    if (e.classList.contains('table-scroll')) return true;
    // Kept for screen readers only (clipped to a pixel).
    const style = getComputedStyle(e);
    if ((style.clip !== 'auto' && style.clip !== '') || style.clipPath !== 'none') return true;
    // Content a closed <details> holds is not on the screen.
    if (e.parentElement && e.parentElement.tagName === 'DETAILS' && !e.parentElement.open && e.tagName !== 'SUMMARY') return true;
  }
  return false;
}
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.right <= width + 1 || scrollsItself(element)) continue;
  const style = getComputedStyle(element);
  if (style.visibility === 'hidden' || style.position === 'fixed') continue;
  offenders.push(element.tagName.toLowerCase() + (element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\\s+/).join('.') : '')
    + ' right=' + Math.round(box.right) + ' "' + (element.textContent || '').trim().slice(0, 40) + '"');
  if (offenders.length >= 4) break;
}
return [document.documentElement.scrollWidth, width, offenders];
"""


def main_pages(workspace):
    w = f'/w/{workspace}'
    return [
        ('today', f'{w}/today'), ('calendar-month', f'{w}/calendar'), ('calendar-week', f'{w}/calendar?view=week'),
        ('calendar-list', f'{w}/calendar?view=list'), ('compose', f'{w}/compose'), ('campaigns', f'{w}/campaigns'),
        ('inbox', f'{w}/inbox'), ('inbox-report', f'{w}/inbox/report'), ('analytics', f'{w}/analytics'),
        ('reports', f'{w}/reports'), ('report', f'{w}/reports/view'), ('links', f'{w}/links'), ('library', f'{w}/library'),
        ('notifications', f'{w}/notifications'), ('import', f'{w}/import'), ('settings', f'{w}/settings'),
        ('members', f'{w}/settings/members'), ('channels', f'{w}/settings/channels'), ('voice', f'{w}/settings/voice'),
        ('departments', f'{w}/settings/departments'), ('routing', f'{w}/settings/routing'),
        ('saved-replies', f'{w}/settings/saved-replies'), ('service-levels', f'{w}/settings/service-levels'),
        ('export', f'{w}/settings/export'), ('account', '/account'), ('workspaces', '/workspaces'),
    ]


TOUR = os.path.join(SHOTS, 'tour')


def inbox_keys(driver, base, workspace, run):
    """The inbox's keyboard shortcuts on the demo's items: j and k move between items, r goes to the
    answer box, a to the assignee, and keys typed into a field stay there."""
    from selenium.webdriver.common.keys import Keys
    driver.get(f'{base}/w/{workspace}/inbox?status=all')
    def active():
        return driver.execute_script('var e = document.activeElement; var li = e.closest && e.closest("li.card");'
                                     'return [e.tagName, e.getAttribute("name"), li ? li.id : null];')
    body = driver.find_element(By.TAG_NAME, 'body')
    steps = []
    body.send_keys('j')
    first = active()
    body.send_keys('j')
    second = active()
    driver.switch_to.active_element.send_keys('k')
    back = active()
    driver.switch_to.active_element.send_keys('r')
    answer = active()
    driver.switch_to.active_element.send_keys('jjj')
    typed = driver.execute_script('return document.activeElement.value')
    driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    driver.execute_script('document.activeElement.blur()')
    body.send_keys('a')
    assign = active()
    steps = [first, second, back, answer, assign]
    ok = (first[2] and second[2] and first[2] != second[2] and back[2] == first[2]
          and answer[0] == 'TEXTAREA' and answer[1] == 'text' and answer[2] == first[2]
          and typed == 'jjj' and assign[0] == 'SELECT' and assign[1] == 'assigned_to')
    if not ok:
        run.errors.append(f'inbox shortcuts: j, j, k, r, typing, a gave {steps} and typed {typed!r}')
    run.check_console(driver, 'inbox-keys')
    print('inbox shortcuts: j/k move between items, r answers, a assigns, typing stays in the field')


def tour(binary, run):
    """Every main page of the demo (real posts, comments, figures), in English and Russian, at
    1280 and 390 px: a screenshot of each, and a failure for any page wider than the window."""
    data = tempfile.mkdtemp(prefix='herald-browser-demo-')
    port = free_port()
    env = dict(os.environ, HERALD_DATA_DIR=data, HERALD_BCRYPT_COST='4', HERALD_LOG_LEVEL='warning')
    env.pop('DATABASE_URL', None)
    log = open(os.path.join(data, 'herald.log'), 'w')
    server = subprocess.Popen([binary, 'demo', '--port', str(port)], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f'http://127.0.0.1:{port}'
    for _ in range(600):
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=0.2):
                break
        except OSError:
            if server.poll() is not None:
                raise SystemExit('herald demo exited at start: see ' + log.name)
            time.sleep(0.1)
    os.makedirs(TOUR, exist_ok=True)
    count = 0
    try:
        for language in ('en', 'ru'):
            for width, height in ((1280, 900), (390, 844)):
                driver = browser(width, height)
                try:
                    driver.get(f'{base}/language?set={language}&next=/login')
                    fill(driver, 'email', 'demo@herald.local')
                    fill(driver, 'password', 'sandbox-demo-password')
                    driver.find_element(By.CSS_SELECTOR, 'form button[type=submit]').click()
                    WebDriverWait(driver, 20).until(lambda d: '/login' not in d.current_url)
                    driver.get(f'{base}/language?set={language}&next=/workspaces')
                    link = driver.find_element(By.XPATH, '//main//a[starts-with(@href, "/w/")]').get_attribute('href')
                    workspace = link.split('/w/')[1].split('/')[0]
                    if width == 1280 and language == 'en':
                        inbox_keys(driver, base, workspace, run)
                    for number, (name, path) in enumerate(main_pages(workspace), start=1):
                        driver.get(base + path)
                        shot = f'{language}-{width}-{number:02d}-{name}'
                        driver.save_screenshot(os.path.join(TOUR, shot + '.png'))
                        count += 1
                        run.check_console(driver, shot)
                        scroll_width, client_width, offenders = driver.execute_script(OVERFLOW_SCRIPT)
                        if scroll_width > client_width + 1 or offenders:
                            run.errors.append(f'{shot}: {path} is {scroll_width} px wide in a {client_width} px window: {offenders}')
                finally:
                    driver.quit()
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not run.errors:  # kept, with the server's log, when something went wrong
            shutil.rmtree(data, ignore_errors=True)
    return count


if __name__ == '__main__':
    main()
