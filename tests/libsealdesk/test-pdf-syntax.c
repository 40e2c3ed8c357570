/* test-pdf-syntax.c: the lexer, the parser and the object writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-error.h"
#include "sd-pdf-parser.h"

static SdPdfObj *
parse (const char *text,
       GError    **error)
{
  SdPdfLexer lexer;
  SdPdfObj *obj;

  sd_pdf_lexer_init (&lexer, (const guint8 *) text, strlen (text), 0);
  obj = sd_pdf_parse_object (&lexer, error);
  sd_pdf_lexer_clear (&lexer);
  return obj;
}

static char *
serialize (SdPdfObj *obj)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  sd_pdf_obj_write (obj, out);
  g_byte_array_append (out, (const guint8 *) "", 1);
  return g_strdup ((const char *) out->data);
}

static void
test_numbers (void)
{
  struct { const char *text; SdPdfType type; double value; } cases[] = {
    { "123", SD_PDF_INT, 123 },
    { "-17", SD_PDF_INT, -17 },
    { "+17", SD_PDF_INT, 17 },
    { "34.5", SD_PDF_REAL, 34.5 },
    { "-.002", SD_PDF_REAL, -0.002 },
    { "4.", SD_PDF_REAL, 4 },
    { "--5", SD_PDF_INT, 5 },   /* a producer bug readers tolerate */
    { "99999999999999999999999", SD_PDF_REAL, 9.2233720368547758e18 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdPdfObj) obj = parse (cases[i].text, &error);
      double v;

      g_assert_no_error (error);
      g_assert_cmpint (obj->type, ==, cases[i].type);
      g_assert_true (sd_pdf_obj_get_number (obj, &v));
      g_assert_cmpfloat_with_epsilon (v, cases[i].value, 1e-9 * MAX (1, ABS (v)));
    }
}

static void
test_strings (void)
{
  struct { const char *text; const char *bytes; gsize len; } cases[] = {
    { "(plain)", "plain", 5 },
    { "(a (nested) one)", "a (nested) one", 14 },
    { "(esc \\( \\) \\\\ \\n\\t)", "esc ( ) \\ \n\t", 12 },
    { "(\\101\\60\\0)", "A0\0", 3 },
    { "(line\\\ncontinued)", "linecontinued", 13 },
    { "(crlf\r\nbecomes lf)", "crlf\nbecomes lf", 15 },
    { "<48656C6C6F>", "Hello", 5 },
    { "<48 65 6c\n6c 6F>", "Hello", 5 },
    { "<414>", "A@", 2 },        /* an odd digit count ends in 0 */
    { "<>", "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdPdfObj) obj = parse (cases[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpint (obj->type, ==, SD_PDF_STRING);
      g_assert_cmpmem (obj->v.string.data, obj->v.string.len, cases[i].bytes, cases[i].len);
    }
}

static void
test_names (void)
{
  g_autoptr(SdPdfObj) a = parse ("/Name#20With#23Hash", NULL);
  g_autoptr(SdPdfObj) b = parse ("/A;B_c", NULL);
  g_autoptr(SdPdfObj) empty = parse ("/ ", NULL);
  g_autofree char *written = NULL;

  g_assert_cmpstr (a->v.name, ==, "Name With#Hash");
  g_assert_cmpstr (b->v.name, ==, "A;B_c");
  g_assert_cmpstr (empty->v.name, ==, "");
  written = serialize (a);
  g_assert_cmpstr (written, ==, "/Name#20With#23Hash");
}

static void
test_containers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfObj) obj = parse ("<< /Type /Page /Kids [1 0 R 2 0 R 3] /N null /B true "
                                   "% a comment\n /Sub << /X (y) >> >>", &error);
  SdPdfObj *kids;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (obj->type, ==, SD_PDF_DICT);
  g_assert_true (sd_pdf_obj_is_name (sd_pdf_dict_get (obj, "Type"), "Page"));
  kids = sd_pdf_dict_get (obj, "Kids");
  g_assert_cmpuint (sd_pdf_array_len (kids), ==, 3);
  g_assert_cmpint (sd_pdf_array_get (kids, 0)->type, ==, SD_PDF_REF);
  g_assert_cmpuint (sd_pdf_array_get (kids, 1)->v.ref.num, ==, 2);
  g_assert_cmpint (sd_pdf_array_get (kids, 2)->type, ==, SD_PDF_INT);
  /* null values read as absent keys */
  g_assert_null (sd_pdf_dict_get (obj, "N"));
  g_assert_true (sd_pdf_dict_get (obj, "B")->v.boolean);

  text = serialize (obj);
  g_assert_cmpstr (text, ==, "<</Type /Page/Kids [1 0 R 2 0 R 3]/N null/B true/Sub <</X (y)>>>>");
}

static void
test_errors (void)
{
  const char *bad[] = { "<< /A >", "[1 2", "(unterminated", "<4G>", ")", "<< 1 2 >>", "}" };
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdPdfObj) obj = parse (bad[i], &error);

      g_assert_null (obj);
      g_assert_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED);
    }

  /* Deep nesting is refused, not a stack overflow. */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SdPdfObj) obj = parse (deep->str, &error);

    g_assert_null (obj);
    g_assert_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED);
  }
}

static void
test_indirect (void)
{
  const char *text = "7 0 obj\n<< /Length 5 >>\nstream\r\nHELLO\nendstream\nendobj\n";
  SdPdfLexer lexer;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfObj) obj = NULL;
  guint32 num;
  guint16 gen;

  sd_pdf_lexer_init (&lexer, (const guint8 *) text, strlen (text), 0);
  obj = sd_pdf_parse_indirect (&lexer, &num, &gen, &error);
  sd_pdf_lexer_clear (&lexer);
  g_assert_no_error (error);
  g_assert_cmpuint (num, ==, 7);
  g_assert_cmpuint (gen, ==, 0);
  g_assert_cmpint (obj->type, ==, SD_PDF_STREAM);
  /* the data starts after "stream" and its CRLF */
  g_assert_cmpmem (text + obj->v.stream.offset, 5, "HELLO", 5);
}

static void
test_text_strings (void)
{
  g_autoptr(SdPdfObj) ascii = sd_pdf_text_string_new ("Reason (x)");
  g_autoptr(SdPdfObj) cjk = sd_pdf_text_string_new ("签章 A");
  g_autofree char *ascii_out = serialize (ascii);
  g_autofree char *cjk_out = serialize (cjk);
  g_autofree char *back = sd_pdf_obj_get_text (cjk);
  g_autoptr(SdPdfObj) pdfdoc = parse ("(\\200 \\236)", NULL);
  g_autofree char *pdfdoc_text = sd_pdf_obj_get_text (pdfdoc);

  g_assert_cmpstr (ascii_out, ==, "(Reason \\(x\\))");
  g_assert_cmpstr (cjk_out, ==, "<FEFF7B7E7AE000200041>");
  g_assert_cmpstr (back, ==, "签章 A");
  g_assert_cmpstr (pdfdoc_text, ==, "• ž");
}

static void
test_reals_written (void)
{
  double values[] = { 0, -0.0, 1.5, 123.45678, -3.1, 1e-7 };
  const char *expected[] = { "0", "0", "1.5", "123.4568", "-3.1", "0" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(SdPdfObj) obj = sd_pdf_real_new (values[i]);
      g_autofree char *text = serialize (obj);

      g_assert_cmpstr (text, ==, expected[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pdf/syntax/numbers", test_numbers);
  g_test_add_func ("/pdf/syntax/strings", test_strings);
  g_test_add_func ("/pdf/syntax/names", test_names);
  g_test_add_func ("/pdf/syntax/containers", test_containers);
  g_test_add_func ("/pdf/syntax/errors", test_errors);
  g_test_add_func ("/pdf/syntax/indirect", test_indirect);
  g_test_add_func ("/pdf/syntax/text-strings", test_text_strings);
  g_test_add_func ("/pdf/syntax/reals", test_reals_written);
  return g_test_run ();
}
