/* xiadan_double.c - a Win32 rendering of the simulated xiadan's window model, for tests under Wine.
 *
 * It decides nothing: a controller (rig/win32/SimController.ps1) holds the model and tells it, over stdin as JSON
 * lines, which windows to create, show, retitle and destroy and what to put on the clipboard; it forwards what
 * happened to its windows (commands, clicks, text set, typed characters, edit selection, combo selection, close, a tree
 * item selected) over stdout and waits for the controller's reply, applying it before the window procedure returns.
 *
 * stdin  (controller -> double): {"type":"ops","seq":n,"ops":[...]}            unsolicited batch (acked "applied")
 *                                {"type":"reply","seq":n,"result":r,"ops":[...]} answer to event n
 * ops: {"op":"create","id","parent","owner","className","controlId","text","visible"} {"op":"text","id","text"}
 *      {"op":"show","id","visible"} {"op":"destroy","id"} {"op":"clipboard","text"}
 *      {"op":"parts","id","text"} (a status bar's parts, tab-separated: SB_SETPARTS + SB_SETTEXTW; also on create)
 *      a create of a SysTreeView32 may carry "items":[{"item","parent","text"},...] in tree order (parent 0 = a top
 *      item): inserted with TVM_INSERTITEMW, lParam = the model's item number
 * stdout (double -> controller): {"type":"ready","pid":n} {"type":"applied","seq":n}
 *      {"type":"event","seq":n,"ev":"command|click|settext|char|setsel|select|close|treeselect","id":modelId,...}
 *      (command: wParam; lParam = the model id of the Static whose STN_CLICKED it is, absent for a plain command)
 *      (treeselect: id = the tree's model id, item = the model's number of the item selected, 0 for none; sent when
 *      the tree tells its parent TVN_SELCHANGED, i.e. a TVM_SELECTITEM from outside changed the selection)
 * Lines are ASCII: non-ASCII characters travel as \uXXXX escapes (raw UTF-8 is accepted on input too).
 * Build: x86_64-w64-mingw32-gcc -municode -o xiadan_double.exe xiadan_double.c -luser32 -lgdi32 -lcomctl32
 */
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#include <windows.h>
#include <commctrl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define REPLY_TIMEOUT_MS 10000       /* the controller answers an event in a few ms; a stuck one must not hang us */
#define CLIPBOARD_OPEN_TRIES 100     /* OpenClipboard retries while another process holds it ... */
#define CLIPBOARD_RETRY_MS 10        /* ... this far apart: at most one second in all */
#define READ_CHUNK 65536

#define WM_APP_LINES (WM_APP + 1)
#define WM_APP_EOF (WM_APP + 2)
#define WM_APP_READY (WM_APP + 3)

/* ---------------------------------------------------------------------------------------------- logging */

static void logf_err(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf - 2, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (n > (int)sizeof buf - 2) n = (int)sizeof buf - 2;
    buf[n++] = '\n';
    DWORD w;
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), "xiadan_double: ", 15, &w, NULL);
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), buf, (DWORD)n, &w, NULL);
}

/* ---------------------------------------------------------------------------------------------- JSON values */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } JType;

typedef struct JVal {
    JType type;
    double num;
    int boolean;
    wchar_t *str;            /* J_STR */
    int count;               /* J_ARR / J_OBJ */
    struct JVal **items;
    wchar_t **keys;          /* J_OBJ */
} JVal;

typedef struct { const char *s; size_t pos; size_t len; int err; } JParser;

static void jfree(JVal *v)
{
    if (!v) return;
    for (int i = 0; i < v->count; i++) {
        jfree(v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

static JVal *jnew(JType t)
{
    JVal *v = (JVal *)calloc(1, sizeof(JVal));
    if (v) v->type = t;
    return v;
}

static void jskip(JParser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\r' || p->s[p->pos] == '\n'))
        p->pos++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Parses a JSON string at p->pos (on the opening quote) into a malloc'd UTF-16 string. */
static wchar_t *jparse_string(JParser *p)
{
    size_t cap = 16, n = 0;
    wchar_t *out = (wchar_t *)malloc(cap * sizeof(wchar_t));
    if (!out) { p->err = 1; return NULL; }
    p->pos++; /* opening quote */
    while (p->pos < p->len) {
        unsigned char c = (unsigned char)p->s[p->pos];
        unsigned int cp;
        if (c == '"') { p->pos++; out[n] = 0; return out; }
        if (n + 3 >= cap) {
            cap *= 2;
            wchar_t *grown = (wchar_t *)realloc(out, cap * sizeof(wchar_t));
            if (!grown) { free(out); p->err = 1; return NULL; }
            out = grown;
        }
        if (c == '\\') {
            if (p->pos + 1 >= p->len) break;
            char e = p->s[p->pos + 1];
            p->pos += 2;
            switch (e) {
            case 'n': out[n++] = L'\n'; break;
            case 'r': out[n++] = L'\r'; break;
            case 't': out[n++] = L'\t'; break;
            case 'b': out[n++] = L'\b'; break;
            case 'f': out[n++] = L'\f'; break;
            case 'u': {
                if (p->pos + 4 > p->len) { p->err = 1; free(out); return NULL; }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int h = hexval(p->s[p->pos + i]);
                    if (h < 0) { p->err = 1; free(out); return NULL; }
                    v = v * 16 + h;
                }
                p->pos += 4;
                out[n++] = (wchar_t)v; /* surrogate pairs arrive as two escapes: UTF-16 as is */
                break;
            }
            default: out[n++] = (wchar_t)(unsigned char)e; break; /* \" \\ \/ */
            }
            continue;
        }
        /* raw UTF-8 */
        int extra = 0;
        if (c < 0x80) { cp = c; }
        else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; extra = 1; }
        else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; extra = 2; }
        else if ((c & 0xF8) == 0xF0) { cp = c & 0x07; extra = 3; }
        else { cp = 0xFFFD; }
        p->pos++;
        for (int i = 0; i < extra && p->pos < p->len; i++, p->pos++)
            cp = (cp << 6) | ((unsigned char)p->s[p->pos] & 0x3F);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out[n++] = (wchar_t)(0xD800 + (cp >> 10));
            out[n++] = (wchar_t)(0xDC00 + (cp & 0x3FF));
        } else {
            out[n++] = (wchar_t)cp;
        }
    }
    p->err = 1;
    free(out);
    return NULL;
}

static JVal *jparse_value(JParser *p, int depth);

static int jappend(JVal *v, JVal *item, wchar_t *key)
{
    JVal **items = (JVal **)realloc(v->items, (size_t)(v->count + 1) * sizeof(JVal *));
    if (!items) return 0;
    v->items = items;
    if (v->type == J_OBJ) {
        wchar_t **keys = (wchar_t **)realloc(v->keys, (size_t)(v->count + 1) * sizeof(wchar_t *));
        if (!keys) return 0;
        v->keys = keys;
        v->keys[v->count] = key;
    }
    v->items[v->count++] = item;
    return 1;
}

static JVal *jparse_value(JParser *p, int depth)
{
    if (depth > 64) { p->err = 1; return NULL; }
    jskip(p);
    if (p->pos >= p->len) { p->err = 1; return NULL; }
    char c = p->s[p->pos];
    if (c == '{' || c == '[') {
        int obj = (c == '{');
        JVal *v = jnew(obj ? J_OBJ : J_ARR);
        if (!v) { p->err = 1; return NULL; }
        p->pos++;
        jskip(p);
        if (p->pos < p->len && p->s[p->pos] == (obj ? '}' : ']')) { p->pos++; return v; }
        for (;;) {
            wchar_t *key = NULL;
            jskip(p);
            if (obj) {
                if (p->pos >= p->len || p->s[p->pos] != '"') { p->err = 1; break; }
                key = jparse_string(p);
                if (!key) break;
                jskip(p);
                if (p->pos >= p->len || p->s[p->pos] != ':') { free(key); p->err = 1; break; }
                p->pos++;
            }
            JVal *item = jparse_value(p, depth + 1);
            if (!item) { free(key); break; }
            if (!jappend(v, item, key)) { jfree(item); free(key); p->err = 1; break; }
            jskip(p);
            if (p->pos < p->len && p->s[p->pos] == ',') { p->pos++; continue; }
            if (p->pos < p->len && p->s[p->pos] == (obj ? '}' : ']')) { p->pos++; return v; }
            p->err = 1;
            break;
        }
        jfree(v);
        return NULL;
    }
    if (c == '"') {
        JVal *v = jnew(J_STR);
        if (!v) { p->err = 1; return NULL; }
        v->str = jparse_string(p);
        if (!v->str) { jfree(v); return NULL; }
        return v;
    }
    if (strncmp(p->s + p->pos, "true", 4) == 0) { JVal *v = jnew(J_BOOL); if (v) v->boolean = 1; p->pos += 4; return v; }
    if (strncmp(p->s + p->pos, "false", 5) == 0) { JVal *v = jnew(J_BOOL); p->pos += 5; return v; }
    if (strncmp(p->s + p->pos, "null", 4) == 0) { p->pos += 4; return jnew(J_NULL); }
    char *end = NULL;
    double d = strtod(p->s + p->pos, &end);
    if (end == p->s + p->pos) { p->err = 1; return NULL; }
    p->pos = (size_t)(end - p->s);
    JVal *v = jnew(J_NUM);
    if (v) v->num = d;
    return v;
}

static JVal *jparse(const char *s)
{
    JParser p = { s, 0, strlen(s), 0 };
    JVal *v = jparse_value(&p, 0);
    if (p.err) { jfree(v); return NULL; }
    return v;
}

static JVal *jget(const JVal *obj, const wchar_t *key)
{
    if (!obj || obj->type != J_OBJ) return NULL;
    for (int i = 0; i < obj->count; i++)
        if (wcscmp(obj->keys[i], key) == 0) return obj->items[i];
    return NULL;
}

static long long jint(const JVal *obj, const wchar_t *key, long long dflt)
{
    JVal *v = jget(obj, key);
    if (!v) return dflt;
    if (v->type == J_NUM) return (long long)v->num;
    if (v->type == J_BOOL) return v->boolean;
    return dflt;
}

static const wchar_t *jstr(const JVal *obj, const wchar_t *key)
{
    JVal *v = jget(obj, key);
    return (v && v->type == J_STR) ? v->str : NULL;
}

/* ---------------------------------------------------------------------------------------------- JSON output */

typedef struct { char *buf; size_t len, cap; } Out;

static void out_raw(Out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (o->len + n + 1 > cap) cap *= 2;
        char *grown = (char *)realloc(o->buf, cap);
        if (!grown) return;
        o->buf = grown;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = 0;
}

static void out_str(Out *o, const char *s) { out_raw(o, s, strlen(s)); }

static void out_fmt(Out *o, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) out_raw(o, tmp, (size_t)(n < (int)sizeof tmp ? n : (int)sizeof tmp - 1));
}

/* A JSON string literal, ASCII only (\uXXXX for everything else). */
static void out_wstr(Out *o, const wchar_t *s)
{
    out_raw(o, "\"", 1);
    for (; s && *s; s++) {
        wchar_t c = *s;
        if (c == L'"') out_str(o, "\\\"");
        else if (c == L'\\') out_str(o, "\\\\");
        else if (c == L'\n') out_str(o, "\\n");
        else if (c == L'\r') out_str(o, "\\r");
        else if (c == L'\t') out_str(o, "\\t");
        else if (c < 0x20 || c > 0x7E) out_fmt(o, "\\u%04x", (unsigned)c);
        else { char ch = (char)c; out_raw(o, &ch, 1); }
    }
    out_raw(o, "\"", 1);
}

static CRITICAL_SECTION g_outLock;

static void out_send(Out *o)
{
    out_raw(o, "\n", 1);
    EnterCriticalSection(&g_outLock);
    DWORD w;
    size_t done = 0;
    while (done < o->len) {
        if (!WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), o->buf + done, (DWORD)(o->len - done), &w, NULL) || w == 0) break;
        done += w;
    }
    FlushFileBuffers(GetStdHandle(STD_OUTPUT_HANDLE));
    LeaveCriticalSection(&g_outLock);
    free(o->buf);
    o->buf = NULL;
    o->len = o->cap = 0;
}

/* ---------------------------------------------------------------------------------------------- line queue */

typedef struct Line { char *text; struct Line *next; } Line;
static CRITICAL_SECTION g_qLock;
static Line *g_qHead, *g_qTail;
static HANDLE g_qEvent;          /* auto-reset: a line arrived (or EOF) */
static volatile LONG g_eof;
static HWND g_msgWnd;

static void queue_push(char *text)
{
    Line *l = (Line *)malloc(sizeof(Line));
    if (!l) { free(text); return; }
    l->text = text;
    l->next = NULL;
    EnterCriticalSection(&g_qLock);
    if (g_qTail) g_qTail->next = l; else g_qHead = l;
    g_qTail = l;
    LeaveCriticalSection(&g_qLock);
    SetEvent(g_qEvent);
    PostMessageW(g_msgWnd, WM_APP_LINES, 0, 0);
}

static char *queue_pop(void)
{
    EnterCriticalSection(&g_qLock);
    Line *l = g_qHead;
    if (l) {
        g_qHead = l->next;
        if (!g_qHead) g_qTail = NULL;
    }
    LeaveCriticalSection(&g_qLock);
    if (!l) return NULL;
    char *t = l->text;
    free(l);
    return t;
}

static DWORD WINAPI reader_thread(LPVOID arg)
{
    (void)arg;
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    char *acc = NULL;
    size_t accLen = 0, accCap = 0;
    char chunk[READ_CHUNK];
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(in, chunk, sizeof chunk, &got, NULL) || got == 0) break;
        for (DWORD i = 0; i < got; i++) {
            char c = chunk[i];
            if (c == '\n') {
                while (accLen > 0 && acc[accLen - 1] == '\r') accLen--;
                char *line = (char *)malloc(accLen + 1);
                if (line) {
                    if (accLen) memcpy(line, acc, accLen);
                    line[accLen] = 0;
                    if (accLen) queue_push(line); else free(line);
                }
                accLen = 0;
                continue;
            }
            if (accLen + 1 >= accCap) {
                accCap = accCap ? accCap * 2 : 4096;
                char *grown = (char *)realloc(acc, accCap);
                if (!grown) { logf_err("out of memory reading stdin"); ExitProcess(3); }
                acc = grown;
            }
            acc[accLen++] = c;
        }
    }
    free(acc);
    InterlockedExchange(&g_eof, 1);
    SetEvent(g_qEvent);
    PostMessageW(g_msgWnd, WM_APP_EOF, 0, 0);
    return 0;
}

/* ---------------------------------------------------------------------------------------------- model id <-> HWND */

typedef struct { long long id; HWND hwnd; WNDPROC orig; } MapEnt;
static MapEnt *g_map;
static int g_mapCount, g_mapCap;

static MapEnt *map_by_id(long long id)
{
    for (int i = 0; i < g_mapCount; i++) if (g_map[i].id == id) return &g_map[i];
    return NULL;
}

static MapEnt *map_by_hwnd(HWND h)
{
    for (int i = 0; i < g_mapCount; i++) if (g_map[i].hwnd == h) return &g_map[i];
    return NULL;
}

static HWND hwnd_of(long long id)
{
    MapEnt *e = map_by_id(id);
    return e ? e->hwnd : NULL;
}

static MapEnt *map_add(long long id, HWND h)
{
    if (g_mapCount == g_mapCap) {
        int cap = g_mapCap ? g_mapCap * 2 : 128;
        MapEnt *grown = (MapEnt *)realloc(g_map, (size_t)cap * sizeof(MapEnt));
        if (!grown) return NULL;
        g_map = grown;
        g_mapCap = cap;
    }
    MapEnt *e = &g_map[g_mapCount++];
    e->id = id;
    e->hwnd = h;
    e->orig = NULL;
    return e;
}

static void map_remove(MapEnt *e)
{
    int i = (int)(e - g_map);
    g_map[i] = g_map[--g_mapCount];
}

/* ---------------------------------------------------------------------------------------------- events */

static int g_applying;           /* > 0 while ops are applied: our own changes are not forwarded */
static long long g_seq;
static void apply_ops(const JVal *ops);

/* Sends one event line and waits (bounded) for its reply, applying unsolicited batches met on the way. */
static LRESULT forward_event(Out *o)
{
    long long seq = g_seq;
    LRESULT result = 0;
    out_send(o);
    DWORD start = GetTickCount();
    for (;;) {
        char *line;
        while ((line = queue_pop()) != NULL) {
            JVal *msg = jparse(line);
            if (!msg) { logf_err("bad JSON line: %.200s", line); free(line); continue; }
            const wchar_t *type = jstr(msg, L"type");
            long long mseq = jint(msg, L"seq", -1);
            int done = 0;
            if (type && wcscmp(type, L"reply") == 0) {
                if (mseq == seq) {
                    apply_ops(jget(msg, L"ops"));
                    result = (LRESULT)jint(msg, L"result", 0);
                    done = 1;
                } else {
                    logf_err("stale reply %lld (waiting for %lld) ignored", mseq, seq);
                }
            } else if (type && wcscmp(type, L"ops") == 0) {
                apply_ops(jget(msg, L"ops"));
                Out ack = { 0 };
                out_fmt(&ack, "{\"type\":\"applied\",\"seq\":%lld}", mseq);
                out_send(&ack);
            }
            jfree(msg);
            free(line);
            if (done) return result;
        }
        if (g_eof) return result;
        DWORD waited = GetTickCount() - start;
        if (waited >= REPLY_TIMEOUT_MS) {
            logf_err("no reply to event %lld within %d ms", seq, REPLY_TIMEOUT_MS);
            return result;
        }
        WaitForSingleObject(g_qEvent, REPLY_TIMEOUT_MS - waited);
    }
}

static void event_begin(Out *o, const char *ev, long long id)
{
    g_seq++;
    out_fmt(o, "{\"type\":\"event\",\"seq\":%lld,\"ev\":\"%s\",\"id\":%lld", g_seq, ev, id);
}

/* The one window procedure over every model window: forwards, otherwise passes to the original procedure. */
static LRESULT CALLBACK model_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    MapEnt *e = map_by_hwnd(hwnd);
    if (!e) return DefWindowProcW(hwnd, msg, wp, lp);
    WNDPROC orig = e->orig;
    long long id = e->id;
    if (!g_applying) {
        Out o = { 0 };
        switch (msg) {
        case WM_COMMAND:
            if (lp != 0) { /* a child's notification: only STN_CLICKED of a model Static (label 1400) goes to the model */
                MapEnt *child = map_by_hwnd((HWND)lp);
                wchar_t cls[16];
                if (HIWORD(wp) != STN_CLICKED || !child || !GetClassNameW((HWND)lp, cls, 16) || _wcsicmp(cls, L"Static") != 0) break;
                event_begin(&o, "command", id);
                out_fmt(&o, ",\"wParam\":%llu,\"lParam\":%lld}", (unsigned long long)wp, child->id);
                forward_event(&o);
                return 0;
            }
            event_begin(&o, "command", id);
            out_fmt(&o, ",\"wParam\":%llu}", (unsigned long long)wp);
            forward_event(&o);
            return 0;
        case BM_CLICK:
            event_begin(&o, "click", id);
            out_str(&o, "}");
            forward_event(&o);
            return 0;
        case WM_SETTEXT:
            event_begin(&o, "settext", id);
            out_str(&o, ",\"text\":");
            out_wstr(&o, (const wchar_t *)lp);
            out_str(&o, "}");
            return forward_event(&o);
        case WM_CHAR: /* one typed character: the model edits the text (and hears it); its text op shows it */
            event_begin(&o, "char", id);
            out_fmt(&o, ",\"wParam\":%llu}", (unsigned long long)wp);
            return forward_event(&o);
        case EM_SETSEL: /* the model keeps the selection (select all + backspace); the real edit selects too */
            event_begin(&o, "setsel", id);
            out_fmt(&o, ",\"wParam\":%lld,\"lParam\":%lld}", (long long)(INT_PTR)wp, (long long)lp);
            forward_event(&o);
            break;
        case CB_SELECTSTRING:
            event_begin(&o, "select", id);
            out_fmt(&o, ",\"wParam\":%lld,\"text\":", (long long)(INT_PTR)wp);
            out_wstr(&o, (const wchar_t *)lp);
            out_str(&o, "}");
            return forward_event(&o);
        case WM_CLOSE:
            event_begin(&o, "close", id);
            out_str(&o, "}");
            forward_event(&o);
            return 0;
        case WM_NOTIFY: { /* a model tree's selection changed (TVM_SELECTITEM from outside): the model selects too */
            const NMHDR *nm = (const NMHDR *)lp;
            MapEnt *tree = nm ? map_by_hwnd(nm->hwndFrom) : NULL;
            /* comctl32 sends the W code to a Unicode parent, the A code otherwise; itemNew is laid out the same */
            if (!tree || (nm->code != TVN_SELCHANGEDW && nm->code != TVN_SELCHANGEDA)) break;
            const NMTREEVIEWW *tv = (const NMTREEVIEWW *)lp;
            event_begin(&o, "treeselect", tree->id);
            out_fmt(&o, ",\"item\":%lld}", tv->itemNew.hItem ? (long long)tv->itemNew.lParam : 0LL);
            forward_event(&o);
            return 0;
        }
        default:
            break;
        }
    }
    if (msg == WM_NCDESTROY) {
        SetWindowLongPtrW(hwnd, GWLP_WNDPROC, (LONG_PTR)orig);
        map_remove(e);
    }
    return CallWindowProcW(orig, hwnd, msg, wp, lp);
}

/* ---------------------------------------------------------------------------------------------- ops */

static INT_PTR CALLBACK dialog_proc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    (void)h; (void)m; (void)w; (void)l;
    return FALSE;
}

static int class_is(HWND h, const wchar_t *name)
{
    wchar_t cls[64];
    if (!GetClassNameW(h, cls, 64)) return 0;
    return _wcsicmp(cls, name) == 0;
}

static void ensure_class(const wchar_t *cls)
{
    WNDCLASSEXW wc;
    wc.cbSize = sizeof wc;
    if (GetClassInfoExW(GetModuleHandleW(NULL), cls, &wc) || GetClassInfoExW(NULL, cls, &wc)) return;
    memset(&wc, 0, sizeof wc);
    wc.cbSize = sizeof wc;
    wc.lpfnWndProc = DefWindowProcW;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
    wc.lpszClassName = cls;
    if (!RegisterClassExW(&wc)) logf_err("RegisterClassEx failed (%lu)", GetLastError());
}

static HWND create_dialog(HWND parentOrOwner, int child)
{
    /* DLGTEMPLATE + empty menu, class and title arrays, no items; DWORD aligned. */
    WORD buf[64];
    memset(buf, 0, sizeof buf);
    DLGTEMPLATE *t = (DLGTEMPLATE *)buf;
    t->style = child ? (WS_CHILD | DS_CONTROL | WS_CLIPSIBLINGS) : (WS_POPUP | WS_CAPTION | WS_SYSMENU | DS_MODALFRAME);
    t->cdit = 0;
    t->cx = 240;
    t->cy = 120;
    return CreateDialogIndirectParamW(GetModuleHandleW(NULL), t, parentOrOwner, dialog_proc, 0);
}

static void set_text(HWND h, const wchar_t *text)
{
    if (!text) text = L"";
    if (class_is(h, L"ComboBox")) {
        if (!*text) { SendMessageW(h, CB_SETCURSEL, (WPARAM)-1, 0); return; }
        LRESULT i = SendMessageW(h, CB_FINDSTRINGEXACT, (WPARAM)-1, (LPARAM)text);
        if (i == CB_ERR) i = SendMessageW(h, CB_ADDSTRING, 0, (LPARAM)text);
        SendMessageW(h, CB_SETCURSEL, (WPARAM)i, 0);
        return;
    }
    SetWindowTextW(h, text);
}

#define STATUSBAR_MAX_PARTS 16
#define STATUSBAR_PART_WIDTH 160

/* A real comctl32 status bar's parts from the model's tab-separated texts (so the port reads them with SB_GETTEXTW). */
static void set_parts(HWND h, const wchar_t *text)
{
    if (!text) text = L"";
    wchar_t buf[1024];
    wcsncpy(buf, text, 1023);
    buf[1023] = 0;
    wchar_t *cells[STATUSBAR_MAX_PARTS];
    int n = 0;
    wchar_t *p = buf;
    cells[n++] = p;
    for (; *p && n < STATUSBAR_MAX_PARTS; p++) {
        if (*p == L'\t') { *p = 0; cells[n++] = p + 1; }
    }
    int edges[STATUSBAR_MAX_PARTS];
    for (int i = 0; i < n; i++) edges[i] = (i == n - 1) ? -1 : (i + 1) * STATUSBAR_PART_WIDTH;
    SendMessageW(h, SB_SETPARTS, (WPARAM)n, (LPARAM)edges);
    for (int i = 0; i < n; i++) SendMessageW(h, SB_SETTEXTW, (WPARAM)i, (LPARAM)cells[i]);
}

#define TREE_MAX_ITEMS 4096     /* a menu tree has tens of items; more is a controller bug, not a tree */

/* A real comctl32 tree's items from the model's (tree order, so a parent is inserted before its children); lParam
 * keeps the model's item number, which the treeselect event sends back. */
static void insert_tree_items(HWND h, const JVal *items)
{
    if (!items || items->type != J_ARR) return;
    int n = items->count < TREE_MAX_ITEMS ? items->count : TREE_MAX_ITEMS;
    long long *numbers = (long long *)calloc((size_t)n + 1, sizeof(long long));
    HTREEITEM *handles = (HTREEITEM *)calloc((size_t)n + 1, sizeof(HTREEITEM));
    if (!numbers || !handles) { free(numbers); free(handles); logf_err("out of memory for %d tree items", n); return; }
    int done = 0;
    for (int i = 0; i < n; i++) {
        const JVal *it = items->items[i];
        long long number = jint(it, L"item", 0);
        long long parentNumber = jint(it, L"parent", 0);
        HTREEITEM parent = TVI_ROOT;
        if (parentNumber) {
            parent = NULL;
            for (int k = 0; k < done; k++) if (numbers[k] == parentNumber) { parent = handles[k]; break; }
            if (!parent) { logf_err("tree item %lld: parent %lld not inserted before it", number, parentNumber); continue; }
        }
        const wchar_t *text = jstr(it, L"text");
        TVINSERTSTRUCTW ins;
        memset(&ins, 0, sizeof ins);
        ins.hParent = parent;
        ins.hInsertAfter = TVI_LAST;
        ins.item.mask = TVIF_TEXT | TVIF_PARAM;
        ins.item.pszText = (LPWSTR)(text ? text : L"");
        ins.item.lParam = (LPARAM)number;
        HTREEITEM got = (HTREEITEM)SendMessageW(h, TVM_INSERTITEMW, 0, (LPARAM)&ins);
        if (!got) { logf_err("TVM_INSERTITEMW of tree item %lld failed", number); continue; }
        numbers[done] = number;
        handles[done] = got;
        done++;
    }
    if (items->count > n) logf_err("tree: %d items beyond the first %d not inserted", items->count - n, n);
    free(numbers);
    free(handles);
}

static void op_create(const JVal *op)
{
    long long id = jint(op, L"id", 0);
    long long parentId = jint(op, L"parent", 0);
    long long ownerId = jint(op, L"owner", 0);
    long long controlId = jint(op, L"controlId", 0);
    int visible = (int)jint(op, L"visible", 1);
    const wchar_t *cls = jstr(op, L"className");
    const wchar_t *text = jstr(op, L"text");
    if (!cls || !id) { logf_err("create without id or className"); return; }
    if (hwnd_of(id)) { logf_err("create: id %lld exists", id); return; }
    HWND parent = parentId ? hwnd_of(parentId) : NULL;
    HWND owner = ownerId ? hwnd_of(ownerId) : NULL;
    if (parentId && !parent) { logf_err("create %lld: parent %lld unknown", id, parentId); return; }
    HINSTANCE inst = GetModuleHandleW(NULL);
    HWND h;
    if (wcscmp(cls, L"#32770") == 0) {
        h = create_dialog(parent ? parent : owner, parent != NULL);
        if (h && parent) SetWindowLongPtrW(h, GWLP_ID, (LONG_PTR)controlId);
    } else if (parent) {
        DWORD style = WS_CHILD | WS_CLIPSIBLINGS;
        if (_wcsicmp(cls, L"Button") == 0) style |= BS_PUSHBUTTON | WS_TABSTOP;
        else if (_wcsicmp(cls, L"Edit") == 0) style |= ES_AUTOHSCROLL | WS_BORDER | WS_TABSTOP;
        else if (_wcsicmp(cls, L"ComboBox") == 0) style |= CBS_DROPDOWNLIST | WS_VSCROLL | WS_TABSTOP;
        else if (_wcsicmp(cls, L"Static") == 0) style |= SS_LEFT;
        else if (_wcsicmp(cls, WC_TREEVIEWW) == 0) style |= TVS_HASLINES | TVS_HASBUTTONS | TVS_LINESATROOT | TVS_SHOWSELALWAYS;
        else if (_wcsicmp(cls, STATUSCLASSNAMEW) == 0) style |= SBARS_SIZEGRIP;
        else { ensure_class(cls); style |= WS_CLIPCHILDREN; }
        CLIENTCREATESTRUCT ccs = { NULL, 0xFF00 };
        LPVOID param = (_wcsicmp(cls, L"MDIClient") == 0) ? (LPVOID)&ccs : NULL;
        h = CreateWindowExW(0, cls, _wcsicmp(cls, L"ComboBox") == 0 ? L"" : (text ? text : L""), style,
                            0, 0, 160, 24, parent, (HMENU)(INT_PTR)controlId, inst, param);
    } else {
        ensure_class(cls);
        h = CreateWindowExW(0, cls, text ? text : L"", WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN,
                            0, 0, 1024, 768, owner, NULL, inst, NULL);
    }
    if (!h) { logf_err("create %lld (%ls) failed (%lu)", id, cls, GetLastError()); return; }
    MapEnt *e = map_add(id, h);
    if (!e) { DestroyWindow(h); return; }
    e->orig = (WNDPROC)SetWindowLongPtrW(h, GWLP_WNDPROC, (LONG_PTR)model_proc);
    if (text && (wcscmp(cls, L"#32770") == 0 || _wcsicmp(cls, L"ComboBox") == 0)) set_text(h, text);
    if (_wcsicmp(cls, STATUSCLASSNAMEW) == 0) set_parts(h, jstr(op, L"parts"));
    if (_wcsicmp(cls, WC_TREEVIEWW) == 0) insert_tree_items(h, jget(op, L"items"));
    if (visible) ShowWindow(h, SW_SHOWNOACTIVATE);
}

static void op_clipboard(const wchar_t *text)
{
    if (!text) text = L"";
    size_t bytes = (wcslen(text) + 1) * sizeof(wchar_t);
    int opened = 0;
    for (int i = 0; i < CLIPBOARD_OPEN_TRIES; i++) {
        if (OpenClipboard(g_msgWnd)) { opened = 1; break; }
        Sleep(CLIPBOARD_RETRY_MS);
    }
    if (!opened) { logf_err("OpenClipboard failed for %d ms", CLIPBOARD_OPEN_TRIES * CLIPBOARD_RETRY_MS); return; }
    EmptyClipboard();
    HGLOBAL g = GlobalAlloc(GMEM_MOVEABLE, bytes);
    if (g) {
        void *p = GlobalLock(g);
        memcpy(p, text, bytes);
        GlobalUnlock(g);
        if (!SetClipboardData(CF_UNICODETEXT, g)) { logf_err("SetClipboardData failed (%lu)", GetLastError()); GlobalFree(g); }
    }
    CloseClipboard();
}

static void apply_op(const JVal *op)
{
    const wchar_t *name = jstr(op, L"op");
    if (!name) return;
    if (wcscmp(name, L"create") == 0) { op_create(op); return; }
    if (wcscmp(name, L"clipboard") == 0) { op_clipboard(jstr(op, L"text")); return; }
    long long id = jint(op, L"id", 0);
    HWND h = hwnd_of(id);
    if (!h) { logf_err("%ls: id %lld unknown", name, id); return; }
    if (wcscmp(name, L"text") == 0) set_text(h, jstr(op, L"text"));
    else if (wcscmp(name, L"parts") == 0) set_parts(h, jstr(op, L"text"));
    else if (wcscmp(name, L"show") == 0) ShowWindow(h, jint(op, L"visible", 1) ? SW_SHOWNOACTIVATE : SW_HIDE);
    else if (wcscmp(name, L"destroy") == 0) DestroyWindow(h);
    else logf_err("unknown op %ls", name);
}

static void apply_ops(const JVal *ops)
{
    if (!ops || ops->type != J_ARR) return;
    g_applying++;
    for (int i = 0; i < ops->count; i++) apply_op(ops->items[i]);
    g_applying--;
}

/* Lines met outside an event wait: unsolicited batches (acked); replies here are late ones. */
static void drain_queue(void)
{
    char *line;
    while ((line = queue_pop()) != NULL) {
        JVal *msg = jparse(line);
        if (!msg) { logf_err("bad JSON line: %.200s", line); free(line); continue; }
        const wchar_t *type = jstr(msg, L"type");
        if (type && wcscmp(type, L"ops") == 0) {
            apply_ops(jget(msg, L"ops"));
            Out ack = { 0 };
            out_fmt(&ack, "{\"type\":\"applied\",\"seq\":%lld}", jint(msg, L"seq", -1));
            out_send(&ack);
        } else if (type && wcscmp(type, L"reply") == 0) {
            logf_err("late reply %lld ignored", jint(msg, L"seq", -1));
        } else {
            logf_err("unknown line: %.200s", line);
        }
        jfree(msg);
        free(line);
    }
}

static LRESULT CALLBACK msg_proc(HWND h, UINT m, WPARAM w, LPARAM l)
{
    switch (m) {
    case WM_APP_LINES:
        drain_queue();
        return 0;
    case WM_APP_READY: {
        Out o = { 0 };
        out_fmt(&o, "{\"type\":\"ready\",\"pid\":%lu}", GetCurrentProcessId());
        out_send(&o);
        return 0;
    }
    case WM_APP_EOF:
        drain_queue();
        PostQuitMessage(0);
        return 0;
    default:
        return DefWindowProcW(h, m, w, l);
    }
}

int wmain(void)
{
    InitializeCriticalSection(&g_outLock);
    InitializeCriticalSection(&g_qLock);
    g_qEvent = CreateEventW(NULL, FALSE, FALSE, NULL);
    INITCOMMONCONTROLSEX icc = { sizeof icc, ICC_WIN95_CLASSES | ICC_STANDARD_CLASSES };
    InitCommonControlsEx(&icc);

    WNDCLASSEXW wc;
    memset(&wc, 0, sizeof wc);
    wc.cbSize = sizeof wc;
    wc.lpfnWndProc = msg_proc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = L"XiadanDoubleMessages";
    RegisterClassExW(&wc);
    g_msgWnd = CreateWindowExW(0, wc.lpszClassName, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, wc.hInstance, NULL);
    if (!g_msgWnd) { logf_err("cannot create the message window (%lu)", GetLastError()); return 2; }

    HANDLE th = CreateThread(NULL, 0, reader_thread, NULL, 0, NULL);
    if (!th) { logf_err("cannot start the stdin reader (%lu)", GetLastError()); return 2; }
    PostMessageW(g_msgWnd, WM_APP_READY, 0, 0);

    MSG m;
    while (GetMessageW(&m, NULL, 0, 0) > 0) {
        TranslateMessage(&m);
        DispatchMessageW(&m);
    }
    /* stdin closed: take the windows down with us. */
    g_applying++;
    while (g_mapCount > 0) {
        HWND h = g_map[g_mapCount - 1].hwnd;
        if (!DestroyWindow(h)) g_mapCount--;
    }
    return 0;
}
